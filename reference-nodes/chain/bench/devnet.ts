/**
 * Devnet throughput and memory, measured as ratios in one run (no absolute assertions):
 * - baseline: SPACE transfers applied in-process by VeRT alone (`eosio.token::transfer`, no signatures, no HTTP);
 * - devnet: the same transfers signed beforehand by a wharfkit client and pushed over HTTP to the chain API
 *   (signature recovery, authority, TAPOS, expiration, duplicate checks, zlib);
 * - RSS before and after the HTTP transfers (flat memory check for long runs).
 * Run: node --conditions=@spaceos/source --import tsx reference-nodes/chain/bench/devnet.ts [transfers]
 */
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import {
  Action,
  APIClient,
  FetchProvider,
  PackedTransaction,
  PrivateKey,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import { startChainApi } from '../src/index.ts'

const n = Number(process.argv[2] ?? 300)
const api = await startChainApi()
try {
  const client = new APIClient({ provider: new FetchProvider(api.url, { fetch }) })
  const abi = (await client.v1.chain.get_abi(ACCOUNT_TOKEN)).abi
  if (!abi) throw new Error('no eosio.token ABI')
  const token = api.chain.bc.getAccount(ACCOUNT_TOKEN as never)
  const transfer = token?.actions.transfer
  if (!transfer) throw new Error('no transfer action')
  const amount = (i: number) => `${(i / 10_000 + 0.0001).toFixed(4)} SPACE`

  // Baseline: VeRT alone, in-process.
  let t0 = performance.now()
  for (let i = 0; i < n; i++)
    await transfer({ from: 'bob', to: 'carol', quantity: amount(i), memo: '' }).send('bob@active')
  const vertTps = n / ((performance.now() - t0) / 1000)

  // Devnet: transactions signed by a wharfkit client beforehand (client-side signing is not the devnet's cost), then
  // pushed one by one over HTTP with APIClient.send_transaction (zlib), each verified and applied by the chain API.
  const key = PrivateKey.from(api.chain.keys.find((k) => k.account === 'alice')?.privateKey as string)
  const info = await client.v1.chain.get_info()
  const signed = []
  for (let i = 0; i < n; i++) {
    const action = Action.from(
      {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: [{ actor: 'alice', permission: 'active' }],
        data: { from: 'alice', to: 'carol', quantity: amount(i), memo: '' },
      },
      abi,
    )
    const trx = Transaction.from({ ...info.getTransactionHeader(600), actions: [action] })
    const signature = key.signDigest(trx.signingDigest(info.chain_id))
    signed.push(PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures: [signature] })))
  }
  const rssBefore = process.memoryUsage().rss
  t0 = performance.now()
  for (const trx of signed) await client.v1.chain.send_transaction(trx)
  const httpTps = n / ((performance.now() - t0) / 1000)
  const rssAfter = process.memoryUsage().rss
  console.log(
    JSON.stringify(
      {
        transfers: n,
        vertInProcessTps: Math.round(vertTps),
        devnetHttpTps: Math.round(httpTps),
        ratio: Number((httpTps / vertTps).toFixed(2)),
        rssBeforeMb: Math.round(rssBefore / 2 ** 20),
        rssAfterMb: Math.round(rssAfter / 2 ** 20),
      },
      null,
      2,
    ),
  )
} finally {
  await api.stop()
}
