import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Code, ConnectError, createClient } from '@connectrpc/connect'
import { createConnectTransport } from '@connectrpc/connect-node'
import { ErrorCode, ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { IdentityService } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { createLogger, type RunningNodeServer, serveNodeApp } from '@spaceos/node-kit'
import { createManualClock } from '../src/clock.ts'
import { createKeyRing } from '../src/keyRing.ts'
import { createIdentityNode, type IdentityNode } from '../src/node.ts'
import { createSqliteStore } from '../src/store/sqliteStore.ts'
import type { IdentityStore } from '../src/store/types.ts'
import type { NativeCreator, WalletCustody } from '../src/wallets/custody.ts'

/** A running identity node on a real socket (port 0) over a real SQLite file or a given store. */
export type RunningNode = {
  url: string
  node: IdentityNode
  clock: ReturnType<typeof createManualClock>
  client: ReturnType<typeof createClient<typeof IdentityService>>
  /** A Connect client that sends `Authorization: Bearer <jwt>`. */
  as(jwt: string): ReturnType<typeof createClient<typeof IdentityService>>
  close(): Promise<void>
}

/** Starts a node; `store` defaults to a fresh SQLite file. */
export async function startNode(
  options: {
    /** The store; default a fresh SQLite file. A test wraps it to build a broken variant of the node. */
    store?: IdentityStore
    /** Wraps the default store (a broken variant built in test code, never in src/). */
    wrapStore?: (store: IdentityStore) => IdentityStore
    logLines?: string[]
    /** KIS and the chain (see walletInfra.ts); without them the wallets stay unprovisioned. */
    wallets?: { custody: WalletCustody; chain?: { url: string; creator: NativeCreator; timeoutMs?: number } }
    walletWaitMs?: number
  } = {},
): Promise<RunningNode> {
  const dir = mkdtempSync(join(tmpdir(), 'identity-node-'))
  const baseStore = options.store ?? createSqliteStore({ path: join(dir, 'identity.db') })
  const store = options.wrapStore?.(baseStore) ?? baseStore
  const clock = createManualClock(Date.UTC(2026, 4, 1, 12))
  const controller = new AbortController()
  const keys = await createKeyRing({ clock })
  let node!: IdentityNode
  const server: RunningNodeServer = await serveNodeApp((url) => {
    node = createIdentityNode({
      store,
      clock,
      keys,
      signal: controller.signal,
      issuer: url,
      log:
        options.logLines === undefined
          ? createLogger({ name: 'identity-test', level: 'silent' })
          : createLogger({
              name: 'identity-test',
              level: 'debug',
              destination: { write: (line: string) => void options.logLines?.push(line) },
            }),
      ...(options.wallets === undefined ? {} : { custody: options.wallets.custody }),
      ...(options.walletWaitMs === undefined ? {} : { walletWaitMs: options.walletWaitMs }),
      ...(options.wallets?.chain === undefined ? {} : { chain: options.wallets.chain }),
    })
    return node.app
  })
  const url = server.url
  const clientFor = (jwt?: string) =>
    createClient(
      IdentityService,
      createConnectTransport({
        baseUrl: url,
        httpVersion: '1.1',
        interceptors:
          jwt === undefined
            ? []
            : [
                (next) => async (request) => {
                  request.header.set('authorization', `Bearer ${jwt}`)
                  return next(request)
                },
              ],
      }),
    )
  return {
    url,
    node,
    clock,
    client: clientFor(),
    as: clientFor,
    async close() {
      controller.abort()
      await server.close()
      await baseStore.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The spec error-code name a Connect call was rejected with (from the `spaceos.common.v1.Error` detail), or `OK`. */
export async function rejectionCode(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'OK'
  } catch (error) {
    const connectError = ConnectError.from(error)
    const detail = connectError.findDetails(ErrorSchema)[0]
    return detail === undefined ? `connect:${Code[connectError.code]}` : (ErrorCode[detail.code] ?? 'UNKNOWN')
  }
}
