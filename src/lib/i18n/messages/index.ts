/** Every area's messages. An area is one file, so that work on one part of the interface touches one file. */
import common from './common';

export const AREAS = [common] as const;

type KeysOf<A> = A extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<(typeof AREAS)[number]>;
