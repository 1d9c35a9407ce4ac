/**
 * The style sheet of `trust-page.html`, inlined in the page (no external file, font or image).
 * System fonts only. Every text colour has a contrast of at least 4.5:1 (WCAG 2.1 AA) on its
 * background: body #1f2328 on #ffffff (15.8:1), muted #57606a on #f6f8fa (6.0:1), links #0550ae
 * on #f6f8fa (7.1:1), proven #0a5c26 on #e4f5e9 (7.2:1), commitment #6f4200 on #fff3dc (7.8:1),
 * failing #a40e26 on #fde8ec (6.7:1), not observed #4b535c on #eef0f2 (6.8:1); the diagram's
 * fills are above 14:1 against its black text. test/evidence/trust-page-html.test.ts computes them.
 */
export const TRUST_PAGE_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #ffffff; }
a { color: #0550ae; }
a:focus-visible, summary:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }
.wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 2rem 0 1.5rem; }
header .service { margin: 0; font-weight: 600; color: #57606a; text-transform: uppercase; letter-spacing: .06em; font-size: .85rem; }
h1 { margin: .2rem 0 .5rem; font-size: 2.1rem; line-height: 1.2; }
h2 { margin: 2.2rem 0 .8rem; font-size: 1.4rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.muted { color: #57606a; }
nav { padding: .8rem 0; border-bottom: 1px solid #d0d7de; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
main { padding-bottom: 2rem; }
ul.promises { list-style: none; margin: 0; padding: 0; }
li.promise { border: 1px solid #d0d7de; border-radius: 8px; padding: .8rem 1rem; margin: 0 0 .7rem; }
li.promise p { margin: 0 0 .4rem; }
.verdicts { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 .4rem; padding: 0; list-style: none; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .65rem; font-size: .8rem; font-weight: 600; }
.badge.proven, .badge.observed { background: #e4f5e9; color: #0a5c26; }
.badge.commitment { background: #fff3dc; color: #6f4200; }
.badge.failing { background: #fde8ec; color: #a40e26; }
.badge.unobserved { background: #eef0f2; color: #4b535c; }
details { margin-top: .3rem; }
summary { cursor: pointer; color: #0550ae; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f6f8fa; }
table.facts th:last-child { min-width: 6.5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
figure { margin: 0; }
figure .diagram { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 8px; padding: .5rem; }
figure svg { max-width: 100%; height: auto; }
footer { border-top: 1px solid #d0d7de; background: #f6f8fa; padding: 1.2rem 0 2rem; font-size: .9rem; color: #57606a; }
footer p { margin: .3rem 0; }
`;
