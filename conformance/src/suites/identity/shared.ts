import { CaseFailedError } from '../../case.ts'
import { createWallet, type IdentityAnswer, type IdentityClient, logIn } from './client.ts'

/** What every identity case gets. */
export type IdentityContext = {
  client: IdentityClient
  /** Moves the node's clock forward; only in-process targets offer it (cases needing it skip otherwise). */
  advanceClock?: (ms: number) => Promise<void>
  /** The Antelope chain API the node creates native accounts on (`--antelope-url`); chain checks skip without it. */
  antelopeUrl?: string
}

export const role = 'identity'

export function expectCode(answer: IdentityAnswer, code: string, what: string): void {
  const actual = answer.ok ? `ok (HTTP ${answer.status})` : answer.code
  if (actual !== code) throw new CaseFailedError(what, { expected: `error ${code}`, actual })
}

export function expectOk(answer: IdentityAnswer, what: string): asserts answer is IdentityAnswer & { ok: true } {
  if (!answer.ok) throw new CaseFailedError(what, { expected: 'ok', actual: `error ${answer.code}` })
}

export async function accountToken(client: IdentityClient): Promise<string> {
  const { verified, jwt } = await logIn(client, createWallet())
  expectOk(verified, 'login must succeed')
  return jwt as string
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
