import type { RunReport } from '../report.ts'

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/**
 * Renders a run as one self-contained HTML page (no scripts, no external assets).
 *
 * @example
 * ```ts
 * import { formatHtml } from '@spaceos/conformance'
 * await writeFile('codec.html', formatHtml(report))
 * ```
 */
export function formatHtml(report: RunReport): string {
  const s = report.summary
  const rows = report.cases
    .map((r) => {
      const detail = [
        r.message,
        r.expected !== undefined ? `expected: ${r.expected}` : undefined,
        r.actual !== undefined ? `actual: ${r.actual}` : undefined,
        r.reproduce,
      ]
        .filter((x) => x !== undefined && x !== '')
        .map((x) => escapeHtml(x as string))
        .join('<br>')
      return `<tr class="${r.outcome}"><td>${r.outcome}</td><td><code>${escapeHtml(r.id)}</code><br>${escapeHtml(r.title)}</td><td>${r.requirements.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</td><td>${detail}</td></tr>`
    })
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>spaceos-conformance — ${escapeHtml(report.role)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
tr.pass td:first-child{color:#070}tr.fail td:first-child,tr.stale td:first-child{color:#b00;font-weight:bold}
tr.skip td:first-child,tr.expected-fail td:first-child{color:#777}
</style>
</head>
<body>
<h1>spaceos-conformance: ${escapeHtml(report.role)} — ${report.ok ? 'PASS' : 'FAIL'}</h1>
<p>Target <code>${escapeHtml(report.target)}</code>, started ${escapeHtml(report.startedAt)}.</p>
<p>${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.expectedFailures} expected failures, ${s.stale} stale known-failing.</p>
<table>
<thead><tr><th>outcome</th><th>case</th><th>requirements</th><th>detail</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
}
