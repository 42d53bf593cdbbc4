/**
 * What the user saved in this browser, their own models and named dashboards, in the database the page opened:
 * components and routes ask here and never reach store/ themselves.
 */
import type { LifecycleModel } from '../engine/model';
import { deleteDashboard, listDashboards, renameDashboard, saveDashboard } from '../store/dashboards';
import type { DashboardRecord } from '../store/db';
import { listModels, saveModel } from '../store/models';
import { database } from './client';

export const listSavedModels = (): Promise<LifecycleModel[]> => listModels(database());
export const saveUserModel = (model: LifecycleModel): Promise<void> => saveModel(database(), model);

export const listSavedDashboards = (): Promise<DashboardRecord[]> => listDashboards(database());
export const saveNamedDashboard = (name: string, query: string): Promise<DashboardRecord> => saveDashboard(database(), name, query);
export const renameSavedDashboard = (id: string, name: string): Promise<void> => renameDashboard(database(), id, name);
export const deleteSavedDashboard = (id: string): Promise<void> => deleteDashboard(database(), id);
