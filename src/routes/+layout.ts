// The app needs the browser (workers, IndexedDB): pages are prerendered as empty shells and rendered client-side.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'always';
