import type { RunReport } from '../report.ts'

/** XML 1.0 forbids most control characters even as character references; they are dropped. */
const xmlAllowed = (char: string) => {
  const code = char.codePointAt(0) ?? 0
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
}

const escapeXml = (text: string) =>
  [...text]
    .filter(xmlAllowed)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')

/**
 * Renders a run as JUnit XML (one `<testsuite>` per role; expected failures count as passed with a
 * `<system-out>` note, stale known-failing entries as failures), the format CI systems ingest.
 *
 * @example
 * ```ts
 * import { formatJunit } from '@spaceos/conformance'
 * await writeFile('codec.junit.xml', formatJunit(report))
 * ```
 */
export function formatJunit(report: RunReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  const failures = report.summary.failed + report.summary.stale
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spaceos-conformance" tests="${report.summary.total}" failures="${failures}" skipped="${report.summary.skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${escapeXml(report.role)}" tests="${report.summary.total}" failures="${failures}" errors="0" skipped="${report.summary.skipped}" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    '    <properties>',
    `      <property name="target" value="${escapeXml(report.target)}"/>`,
    '    </properties>',
  ]
  for (const result of report.cases) {
    const open = `    <testcase classname="${escapeXml(`spaceos.conformance.${report.role}`)}" name="${escapeXml(result.id)}" time="${seconds(result.durationMs)}">`
    const body: string[] = []
    const detail = [
      result.title,
      `requirements: ${result.requirements.join(', ')}`,
      result.expected !== undefined ? `expected: ${result.expected}` : undefined,
      result.actual !== undefined ? `actual: ${result.actual}` : undefined,
      result.reproduce !== undefined ? `reproduce: ${result.reproduce}` : undefined,
    ]
      .filter((line) => line !== undefined)
      .join('\n')
    if (result.outcome === 'fail' || result.outcome === 'stale') {
      body.push(
        `      <failure message="${escapeXml(result.message ?? result.outcome)}" type="${result.outcome}">${escapeXml(detail)}</failure>`,
      )
    } else if (result.outcome === 'skip') {
      body.push(`      <skipped message="${escapeXml(result.message ?? '')}"/>`)
    } else if (result.outcome === 'expected-fail') {
      body.push(
        `      <system-out>${escapeXml(`expected failure (known-failing${result.knownFailingReason ? `: ${result.knownFailingReason}` : ''}): ${result.message ?? ''}\n${detail}`)}</system-out>`,
      )
    }
    lines.push(body.length === 0 ? `${open.slice(0, -1)}/>` : [open, ...body, '    </testcase>'].join('\n'))
  }
  lines.push('  </testsuite>', '</testsuites>', '')
  return lines.join('\n')
}
