/**
 * The one-file report's script (built by vite.config.report.ts into static/report/template.html): it reads the
 * snapshot from the page's <script type="application/json"> element and shows it as the shared page does.
 * Everything is in the one file; it fetches nothing.
 */
import { mount } from 'svelte';
import { setLocale } from '$lib/i18n/i18n.svelte';
import { isLocale } from '$lib/i18n/locales';
import css from '../app.css?raw';
import Report from './Report.svelte';

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);
// The report is in the language it was made in; its messages are in this one script, but behind a promise.
const language = document.documentElement.lang;
(isLocale(language) ? setLocale(language) : Promise.resolve()).then(() => mount(Report, { target: document.getElementById('content')! }));
