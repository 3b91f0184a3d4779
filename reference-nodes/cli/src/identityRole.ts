import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createKisClient, KisError } from '@spaceos/kis'
import type { Logger } from '@spaceos/node-kit'
import type { KisRole } from './kisRole.ts'
import { loadKisSecrets } from './kisRole.ts'
import { type RoleProcess, startRoleProcess } from './roleProcess.ts'

/** Options of {@link startIdentityRole}. */
export type IdentityRoleOptions = {
  host: string
  /** Identity port (8090). */
  identityPort: number
  stateDir: string
  /** The running KIS; without it the identity node runs without wallets (GetWallets reports them unprovisioned). */
  kis?: KisRole
  /** The devnet's Antelope chain API, where native accounts are created. */
  antelopeUrl?: string | undefined
  /** The devnet's `key <account> <private key> …` lines: the creator's local-only key comes from here. */
  chainKeys: string[]
  logger?: Logger
}

/** The account that creates native accounts on the local devnet. */
const creatorAccount = 'eosio'

/**
 * The `newaccount` creator's key, in KIS: on first start the devnet's local-only `eosio` key is imported into KIS
 * through `/admin/import` with the separate admin credential, and the returned key ID is kept in
 * `<stateDir>/identity/creator.json`; later starts reuse it while KIS still knows it. The identity node only ever
 * holds the key ID (docs/decisions/0004-native-account-creator-in-kis.md).
 */
async function creatorKeyId(stateDir: string, kis: KisRole, chainKeys: string[]): Promise<string | undefined> {
  const file = join(stateDir, 'identity', 'creator.json')
  const secrets = await loadKisSecrets(join(stateDir, 'kis'))
  const client = createKisClient({
    url: kis.url,
    ...kis.identityCredential,
    admin: { callerId: 'ops', secret: secrets.admin.ops },
  })
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { account: string; keyId: string }
    if (saved.account === creatorAccount && (await client.getKey(saved.keyId)).kind === 'native') return saved.keyId
  } catch (error) {
    if (error instanceof KisError && error.code !== 'NOT_FOUND') throw error
  }
  const privateKey = chainKeys.map((line) => line.split(' ')).find(([account]) => account === creatorAccount)?.[1]
  if (privateKey === undefined) return undefined
  const key = await client.adminImport({ kind: 'native', privateKey, label: 'devnet newaccount creator (local only)' })
  await writeFile(file, `${JSON.stringify({ account: creatorAccount, keyId: key.keyId, publicKey: key.publicKey })}\n`)
  return key.keyId
}

/**
 * Starts the identity node (`@spaceos/identity-node`, bin `spaceos-identity`) as its own process with SQLite in
 * `<stateDir>/identity`, wired to KIS (proxy wallets) and the devnet (native accounts created by a KIS-held creator
 * key). Credentials travel by environment, never on the command line.
 */
export async function startIdentityRole(options: IdentityRoleOptions): Promise<RoleProcess> {
  await mkdir(join(options.stateDir, 'identity'), { recursive: true })
  const kis = options.kis
  const keyId =
    kis === undefined || options.antelopeUrl === undefined
      ? undefined
      : await creatorKeyId(options.stateDir, kis, options.chainKeys)
  return startRoleProcess({
    role: 'identity',
    packageName: '@spaceos/identity-node',
    bin: 'bin/spaceos-identity.mjs',
    endpoints: 1,
    env: {
      SPACEOS_IDENTITY_HOST: options.host,
      SPACEOS_IDENTITY_PORT: String(options.identityPort),
      SPACEOS_IDENTITY_SQLITE_PATH: join(options.stateDir, 'identity', 'identity.db'),
      ...(kis === undefined
        ? {}
        : {
            SPACEOS_IDENTITY_KIS_URL: kis.url,
            SPACEOS_IDENTITY_KIS_CALLER_ID: kis.identityCredential.callerId,
            SPACEOS_IDENTITY_KIS_SECRET: kis.identityCredential.secret,
          }),
      ...(keyId === undefined || options.antelopeUrl === undefined
        ? {}
        : {
            SPACEOS_IDENTITY_ANTELOPE_URL: options.antelopeUrl,
            SPACEOS_IDENTITY_NATIVE_CREATOR: creatorAccount,
            SPACEOS_IDENTITY_NATIVE_CREATOR_KEY_ID: keyId,
          }),
    },
    ...(options.logger ? { logger: options.logger } : {}),
  })
}
