import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunReport } from '../report.ts'
import { formatHtml } from './html.ts'
import { formatJunit } from './junit.ts'

export const reportFormats = ['json', 'junit', 'html'] as const
export type ReportFormat = (typeof reportFormats)[number]

/**
 * Writes the requested report files into `outDir` as `<role>.json`, `<role>.junit.xml`, `<role>.html`.
 * Returns the written paths.
 */
export async function writeReports(
  report: RunReport,
  formats: readonly ReportFormat[],
  outDir: string,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true })
  const written: string[] = []
  for (const format of formats) {
    const [name, text] =
      format === 'json'
        ? [`${report.role}.json`, `${JSON.stringify(report, null, 2)}\n`]
        : format === 'junit'
          ? [`${report.role}.junit.xml`, formatJunit(report)]
          : [`${report.role}.html`, formatHtml(report)]
    const path = join(outDir, name)
    await writeFile(path, text)
    written.push(path)
  }
  return written
}
