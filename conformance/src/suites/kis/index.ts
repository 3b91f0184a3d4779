import { readFile } from 'node:fs/promises'
import { defineSuite } from '../../suite.ts'
import { kisCases } from './cases.ts'
import { createKisClient, type KisCredential, type KisTls, parseCredential } from './client.ts'
import { type KisContext, role } from './shared.ts'

export type { KisCredential } from './client.ts'
export { findKeyMaterial } from './leaks.ts'
export type { KisContext } from './shared.ts'

/** Options of {@link createKisSuite}. Credentials are `id=secret` strings or objects. */
export type KisSuiteOptions = {
  /** The signing caller (`--kis-caller`, else env `SPACEOS_CONFORMANCE_KIS_CALLER`). Required to run. */
  caller?: string | KisCredential
  /** A second signing caller (`--kis-other-caller`, else env `SPACEOS_CONFORMANCE_KIS_OTHER_CALLER`), for NP-KEY-033. */
  otherCaller?: string | KisCredential
  /** The separate `/admin/import` credential (`--kis-admin`, else env `SPACEOS_CONFORMANCE_KIS_ADMIN`). */
  admin?: string | KisCredential
  /** Hex chain ID the KIS signs native transactions for (`--kis-antelope-chain-id`). */
  antelopeChainId?: string
  /** An Antelope chain API whose `get_info` gives the chain ID when `antelopeChainId` is absent (`--antelope-url`). */
  antelopeUrl?: string
  /** EVM JSON-RPC URL of chain `EVM_CHAIN_ID` (`--kis-evm-rpc`), for the rotation checks. */
  evmRpcUrl?: string
  /**
   * PEM files for an https target (`--kis-tls-ca`, `--kis-tls-cert`, `--kis-tls-key`): the CA that signed KIS's
   * certificate, and the caller's client certificate and key for mutual TLS.
   */
  tls?: { caFile?: string; certFile?: string; keyFile?: string }
}

/** The suite was asked to run without the credentials it needs. */
export class KisSuiteSetupError extends Error {
  override name = 'KisSuiteSetupError'
}

const credential = (value: string | KisCredential | undefined, flag: string): KisCredential | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? parseCredential(value, flag) : value

async function chainIdOf(antelopeUrl: string, timeoutMs: number): Promise<string> {
  const response = await fetch(`${antelopeUrl.replace(/\/$/, '')}/v1/chain/get_info`, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
  })
  const info = (await response.json()) as { chain_id?: unknown }
  if (typeof info.chain_id !== 'string') throw new KisSuiteSetupError(`${antelopeUrl} get_info gave no chain_id`)
  return info.chain_id
}

/**
 * The KIS role suite (spec/AUTH.md §9) over HTTP, black-box: `--target` is the KIS base URL; the suite authenticates
 * with the HMAC of NP-KEY-023, written from the spec text.
 *
 * @example
 * import { createKisSuite, runSuite } from '@spaceos/conformance'
 * const suite = createKisSuite({ caller: 'identity=<secret>', admin: 'ops=<secret>' })
 * const report = await runSuite(suite, { target: 'http://127.0.0.1:8091' })
 */
export function createKisSuite(options: KisSuiteOptions = {}) {
  return defineSuite<KisContext>({
    role,
    title: 'kis: key creation without key export, EVM/native signing policy, HMAC authentication, replay, admin import',
    targetKind: 'url',
    targetHelp: 'base URL of a KIS, e.g. http://127.0.0.1:8091 (with --kis-caller id=secret)',
    cases: kisCases,
    async open(target, { timeoutMs }) {
      const caller = credential(options.caller ?? process.env.SPACEOS_CONFORMANCE_KIS_CALLER, '--kis-caller')
      if (caller === undefined) {
        throw new KisSuiteSetupError(
          'the kis suite needs the signing caller credential: --kis-caller id=secret (or SPACEOS_CONFORMANCE_KIS_CALLER)',
        )
      }
      const admin = credential(options.admin ?? process.env.SPACEOS_CONFORMANCE_KIS_ADMIN, '--kis-admin')
      const otherCaller = credential(
        options.otherCaller ?? process.env.SPACEOS_CONFORMANCE_KIS_OTHER_CALLER,
        '--kis-other-caller',
      )
      const known = new Set<string>()
      const tls: KisTls = {}
      const pem = async (file: string | undefined, field: keyof KisTls) => {
        if (file !== undefined) tls[field] = await readFile(file, 'utf8')
      }
      await pem(options.tls?.caFile, 'ca')
      await pem(options.tls?.certFile, 'cert')
      await pem(options.tls?.keyFile, 'key')
      const context: KisContext = {
        client: createKisClient(
          target,
          timeoutMs,
          known,
          tls,
          [caller, admin, otherCaller].filter((c) => c !== undefined),
        ),
        caller,
        known,
        tls,
      }
      if (admin !== undefined) context.admin = admin
      if (otherCaller !== undefined) context.otherCaller = otherCaller
      const chainId =
        options.antelopeChainId ??
        (options.antelopeUrl === undefined ? undefined : await chainIdOf(options.antelopeUrl, timeoutMs))
      if (chainId !== undefined) context.antelopeChainId = chainId.toLowerCase()
      if (options.evmRpcUrl !== undefined) context.evmRpcUrl = options.evmRpcUrl
      return { context, broken: () => false, close: async () => undefined }
    },
  })
}
