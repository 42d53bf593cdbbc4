/** The site's IndexedDB database, in a module of its own so that a page's first script can name it without Dexie. */
export const DATABASE_NAME = 'lifecycle-lens';
