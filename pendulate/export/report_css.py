"""The report's inline style sheet: calm, readable on screen, tidy on paper. System fonts only."""

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
.figure { border: 1px solid #e3e5e6; border-radius: 6px; padding: 10px 12px; }
.figure b { display: block; font-size: 22px; font-weight: 600; }
.figure span { color: #6b7379; font-size: 12.5px; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; }
th { text-align: left; font-weight: 600; color: #555d63; border-bottom: 1px solid #cfd3d5; padding: 4px 6px; }
td { border-bottom: 1px solid #eef0f1; padding: 3px 6px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; color: #555d63;
              word-break: break-all; }
svg { max-width: 100%; height: auto; display: block; margin: 6px 0; }
.chart-caption { color: #6b7379; font-size: 12.5px; margin: -2px 0 14px; }
section.session { border-top: 1px solid #e3e5e6; padding-top: 16px; margin-top: 22px; }
.meta { color: #6b7379; font-size: 13px; margin: 0 0 6px; }
.changes { font-size: 13px; margin: 8px 0; padding-left: 20px; }
.changes li { margin: 2px 0; }
.status-stopped, .status-interrupted { color: #7a5a2e; }
footer { margin-top: 40px; color: #6b7379; font-size: 12px; border-top: 1px solid #e3e5e6; padding-top: 10px; }
@media print {
  body { background: #fff; font-size: 12px; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  section.session, figure, table, svg { break-inside: avoid; }
  section.session { break-before: auto; }
}
"""
