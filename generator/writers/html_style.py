"""The HTML brief's one stylesheet, inlined so the page is a single file: screen and print.

Text colours keep at least 4.5:1 contrast with their background (WCAG AA); no web fonts
are loaded (the page must work offline), so the font stack starts with Carlito and its
metric twin Calibri.
"""

STYLESHEET = """
:root { --ink: #1b1b1b; --muted: #4a4a4a; --accent: #1f4e79; --rule: #c8c8c8; --panel: #eef3f8; }
* { box-sizing: border-box; }
html { font-family: Carlito, Calibri, "Liberation Sans", Arial, sans-serif; font-size: 112.5%;
       line-height: 1.5; color: var(--ink); background: #fff; }
body { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
/* Chinese as the PDF sets it: a Song face for text, a Hei face for headings and bold (one face of each
   for Windows, macOS and Linux, then the bundled faces' names as installed by Debian) */
:lang(zh) { font-family: Carlito, "AR PL SungtiL GB", SimSun, "Songti SC", "Noto Serif CJK SC", serif;
            line-height: 1.7; }
:lang(zh) h1, :lang(zh) h2, :lang(zh) h3, :lang(zh) h4, :lang(zh) strong, :lang(zh) b, :lang(zh) th,
:lang(zh) .marking, :lang(zh) caption, :lang(zh) .callout-title, :lang(zh) figcaption .caption,
:lang(zh) table.keyfigures td {
  font-family: Carlito, "WenQuanYi Micro Hei", SimHei, "PingFang SC", "Noto Sans CJK SC", sans-serif; }
a { color: #1a4f8b; }
a:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.skip, .hidden { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .25rem .5rem; }
.marking { margin: 0; padding: .25rem 0; text-align: center; font-weight: bold; letter-spacing: .05em;
           color: #8a1c1c; }
.watermark { display: inline-block; margin: .5rem 0 0; padding: 0 .5rem; border: 2px solid #8a1c1c;
             color: #8a1c1c; font-weight: bold; letter-spacing: .1em; }
.title-block { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: .75rem; }
.audience { margin: .5rem 0 0; color: var(--muted); text-transform: uppercase; letter-spacing: .05em;
            font-size: .85rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .25rem 0; color: var(--accent); }
h2 { font-size: 1.45rem; margin: 2rem 0 .5rem; color: var(--accent); }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.subtitle { font-size: 1.2rem; margin: 0 0 .5rem; color: var(--muted); }
.published { margin: 0; color: var(--muted); font-size: .9rem; }
.lead { font-size: 1.15rem; }
.small, .version { font-size: .85rem; color: var(--muted); }
.callout { background: var(--panel); border-left: 5px solid var(--accent); padding: .75rem 1rem;
           margin: 1rem 0; }
.callout-title { margin: 0 0 .25rem; font-weight: bold; color: var(--accent); }
.callout > :last-child { margin-bottom: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .35rem; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid var(--ink); }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.keyfigures { background: var(--panel); }
table.keyfigures td { font-weight: bold; }
figure { margin: 1.5rem 0; }
.chart-svg { width: 100%; height: auto; display: block; }
figcaption { font-size: .9rem; }
figcaption .caption { font-weight: bold; }
details { margin: .5rem 0; font-size: .9rem; }
sup { line-height: 0; }
.noteref { text-decoration: none; padding: 0 .1em; }
.notes { font-size: .9rem; }
.notes li { margin-bottom: .35rem; }
.page-break { height: 0; }
@media print {
  @page { size: A4; margin: 18mm 20mm; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .skip, details, .backref { display: none; }
  h2, h3, h4 { break-after: avoid; }
  figure, table, .callout { break-inside: avoid; }
  thead { display: table-header-group; }
  .page-break { break-before: page; }
  .callout, table.keyfigures { -webkit-print-color-adjust: exact; }
}
"""


def css_string(value: str) -> str:
    """``value`` as a CSS string literal: every character but letters, digits and spaces escaped as
    hex, so no text can close the string, the rule or the ``<style>`` element."""
    return '"' + "".join(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):x} " for ch in value) + '"'


def page_marking(marking: str) -> str:
    """Print rules that repeat the marking at the top and bottom of every printed page (browsers
    without page-margin boxes still print it where the page shows it: above the title and at the end)."""
    if not marking:
        return ""
    text = css_string(marking)
    return ("@media print { @page { @top-center { content: " + text + "; font: bold 9pt sans-serif; color: #8a1c1c; }"
            " @bottom-center { content: " + text + "; font: bold 9pt sans-serif; color: #8a1c1c; } } }\n")
