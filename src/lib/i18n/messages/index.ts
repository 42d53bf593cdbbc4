/** Every area's messages. An area is one file, so that work on one part of the interface touches one file. */
import common from './common';
import home from './home';
import dropzone from './dropzone';
import datasets from './datasets';
import saved from './saved';
import mapper from './mapper';
import rejects from './rejects';
import dashboard from './dashboard';
import models from './models';
import filters from './filters';
import customers from './customers';
import controls from './controls';
import present from './present';
import chart from './chart';
import funnel from './funnel';
import templates from './templates';
import flows from './flows';
import journeys from './journeys';
import retention from './retention';
import trend from './trend';
import conversion from './conversion';
import value from './value';
import aggregate from './aggregate';
import problems from './problems';
import share from './share';
import takeaway from './takeaway';
import targets from './targets';
import figures from './figures';
import analysisOptions from './analysis-options';
import compare from './compare';
import drivers from './drivers';

export const AREAS = [common, home, dropzone, datasets, saved, mapper, rejects, dashboard, models, filters, customers, controls, present, chart, funnel, templates, flows, journeys, retention, trend, conversion, value, aggregate, problems, share, takeaway, targets, figures, analysisOptions, compare, drivers] as const;

type KeysOf<A> = A extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<(typeof AREAS)[number]>;
