"""The report's inline style sheet: calm, readable on screen and on a phone, tidy on paper.

System fonts only. On paper (the browser's Print, or "Save as PDF") the week at a glance is
the first page on its own; tables repeat their heading row on each page and never split a
row; a chart or a session's detail is never cut in two; the shaded bands print as they show.
"""

REPORT_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f5f2; color: #33393f;
       font: 15px/1.5 "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 32px 36px 48px; background: #fff; }
h1 { font-size: 26px; font-weight: 600; margin: 0 0 4px; letter-spacing: 0.2px; }
h2 { font-size: 19px; font-weight: 600; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e5e6; }
h3 { font-size: 16px; font-weight: 600; margin: 0 0 2px; }
p { margin: 6px 0 10px; }
.sub { color: #6b7379; margin: 0 0 18px; }
.note-box { background: #f3f7f9; border-left: 3px solid #2e6f8e; padding: 10px 14px; margin: 14px 0; color: #3d464c; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 16px 0 6px; }
.figures.five { grid-template-columns: repeat(5, 1fr); }
.figure { border: 1px solid #e3e5e6; border-radius: 6px; padding: 10px 12px; }
.figure b { display: block; font-size: 22px; font-weight: 600; }
.figure span { color: #6b7379; font-size: 12.5px; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; }
th { text-align: left; font-weight: 600; color: #555d63; border-bottom: 1px solid #cfd3d5; padding: 4px 6px; }
td { border-bottom: 1px solid #eef0f1; padding: 3px 6px; vertical-align: top; }
td.day { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.compact { font-size: 12.5px; margin: 6px 0 10px; }
table.compact td, table.compact th { padding: 2px 6px; }
code, .hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; color: #555d63;
              word-break: break-all; }
svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }
.chart-caption { color: #6b7379; font-size: 12.5px; margin: -2px 0 14px; }
section.week { border: 1px solid #e3e5e6; border-radius: 8px; padding: 2px 18px 8px; margin: 18px 0 8px; }
section.week h2 { margin-top: 14px; }
section.week h3 { margin: 14px 0 2px; font-size: 15px; }
ul.tight { margin: 4px 0 8px; padding-left: 20px; font-size: 13.5px; }
ul.tight li { margin: 2px 0; }
section.session { border-top: 1px solid #e3e5e6; padding-top: 16px; margin-top: 22px; }
.meta { color: #6b7379; font-size: 13px; margin: 0 0 6px; }
td .meta { font-size: inherit; }
.changes { font-size: 13px; margin: 8px 0; padding-left: 20px; }
.changes li { margin: 2px 0; }
.status-stopped, .status-interrupted { color: #7a5a2e; }
footer { margin-top: 40px; color: #6b7379; font-size: 12px; border-top: 1px solid #e3e5e6; padding-top: 10px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  main { padding: 16px 12px 32px; }
  h1 { font-size: 22px; }
  .figures, .figures.five { grid-template-columns: repeat(2, 1fr); }
  section.week { padding: 2px 10px 6px; }
  table { font-size: 12px; display: block; overflow-x: auto; }
  td, th { padding: 3px 4px; }
}
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { background: #fff; font-size: 11.5px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 21px; }
  h2 { font-size: 16px; margin-top: 22px; break-after: avoid; }
  h3 { break-after: avoid; }
  .figures { gap: 6px; margin: 10px 0 4px; }
  .figure { padding: 6px 8px; }
  .figure b { font-size: 17px; }
  .figure span { font-size: 10.5px; }
  table { font-size: 10.5px; }
  thead { display: table-header-group; }
  tr, .figure, svg, .note-box, li { break-inside: avoid; }
  section.week { border: none; padding: 0; margin: 0; break-after: page; }
  section.week h2 { margin-top: 8px; }
  section.whole > h2 { margin-top: 0; }
  section.session { break-inside: avoid; }
  .chart-caption { font-size: 10.5px; }
  footer { break-inside: avoid; }
}
"""
