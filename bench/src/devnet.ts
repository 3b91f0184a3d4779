/**
 * `npm run bench:devnet` — the chain.node devnet (reference-nodes/chain) as users run it: the `spaceos-chain` bin in its
 * own process, driven over HTTP by a wharfkit client in this one. Each figure has a baseline from the same run:
 *
 * 1. Start-up: time from spawning `spaceos-chain` (everything: the Antelope genesis with every system contract and its
 *    bootstrap, anvil at chain 800000 behind the tx-wrapper, the bridge with the EVM genesis) to its `ready` lines,
 *    next to the Antelope chain API alone (`SPACEOS_CHAIN_EVM=false`).
 * 2. Throughput: SPACE transfers signed by a wharfkit client and pushed one at a time over HTTP (`send_transaction`,
 *    zlib) — signature recovery, authority, TAPOS, expiration and duplicate checks, written to the state folder before
 *    the answer — against the same transfers applied in-process by VeRT alone (`eosio.token::transfer` on a devnet
 *    chain in this process: no signatures, no HTTP, no persistence). Interleaved batches, so machine noise hits both
 *    alike. Goal ≥ 0.5×. Signing happens before each timed batch (the client's cost, not the devnet's). Each round
 *    also pushes a batch with 4 requests in flight (several clients at once).
 * 3. Memory: the devnet process's RSS after every 1,000 of `BENCH_TXS` (default 10,000) transactions; first vs last
 *    must stay flat. And, in this process with forced GCs, the heap one accepted transaction leaves behind (its entry
 *    in the duplicate-ID set until it expires and its body in a block until the block is `BODY_BLOCKS` old), and what
 *    is left once those are gone (a leak would show there). Then the time a restart takes to replay all of it.
 *
 * Run: npm run bench:devnet [-- transfers]
 * env: BENCH_TXS (memory run), BENCH_SKIP_STARTUP=1, BENCH_DEVNET_NODE_ARGS (node flags of the devnet process),
 *   BENCH_FETCH=global (wharfkit on Node's global fetch instead of the keep-alive node:http one),
 *   BENCH_SETTLE_MS (a pause after the GC before each timed batch, so its helper threads' work does not land in it)
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createDevChain } from '@spaceos/chain-node'
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import {
  ABI,
  Action,
  APIClient,
  FetchProvider,
  PackedTransaction,
  PrivateKey,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'

const transfers = Number(process.argv[2] ?? 1000)
const memoryTxs = Number(process.env.BENCH_TXS ?? 10_000)
const bin = fileURLToPath(new URL('../../reference-nodes/chain/bin/spaceos-chain.mjs', import.meta.url))

type Devnet = { child: ChildProcess; url: string; keys: Map<string, string>; readyMs: number; stop(): Promise<void> }

/** Spawns `spaceos-chain` and resolves at its first `ready` line (they are printed together). */
async function spawnDevnet(env: Record<string, string>): Promise<Devnet> {
  const t0 = performance.now()
  // BENCH_DEVNET_NODE_ARGS: extra node flags for the devnet process (e.g. `--cpu-prof --cpu-prof-dir=prof`).
  const nodeArgs = (process.env.BENCH_DEVNET_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, bin], {
    env: { ...process.env, SPACEOS_CHAIN_HOST: '127.0.0.1', SPACEOS_CHAIN_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const keys = new Map<string, string>()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`spaceos-chain exited with ${code} before it was ready`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const key = line.match(/^key (\S+) (\S+) /)
      if (key) keys.set(key[1] as string, key[2] as string)
      const ready = line.match(/^ready Antelope chain API: (\S+)/)
      if (ready) resolve(ready[1] as string)
    })
  })
  const readyMs = performance.now() - t0
  return {
    child,
    url,
    keys,
    readyMs,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Resident set size of a process in MiB (Linux /proc). */
const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1]) / 1024)
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** `count` pre-signed transfers from alice (distinct memos: distinct transaction IDs). */
async function signTransfers(client: APIClient, abi: ABI, key: PrivateKey, first: number, count: number) {
  const info = await client.v1.chain.get_info()
  const out: PackedTransaction[] = []
  for (let i = first; i < first + count; i++) {
    const action = Action.from(
      {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: [{ actor: 'alice', permission: 'active' }],
        data: { from: 'alice', to: 'carol', quantity: '0.0001 SPACE', memo: `bench ${i}` },
      },
      abi,
    )
    const trx = Transaction.from({ ...info.getTransactionHeader(900), actions: [action] })
    const signature = key.signDigest(trx.signingDigest(info.chain_id))
    out.push(PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures: [signature] })))
    if (i % 50 === 0) await new Promise(setImmediate) // let the HTTP client's timers run (idle sockets)
  }
  return out
}

/**
 * The fetch wharfkit's FetchProvider calls, on Node's own HTTP client with a keep-alive agent (one socket per request in
 * flight, reused). Node's global fetch (undici behind WHATWG streams and Headers) cost the client about 1 ms of CPU per
 * push here, as much as the devnet spent on it; this is the plain request/response a server-side client would use.
 * Only what FetchProvider reads: status, headers.entries(), text().
 */
const agent = new Agent({ keepAlive: true, maxSockets: 8 })
const keepAliveFetch = ((url: string, init: { method?: string; body?: string; headers?: Record<string, string> }) =>
  new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body)
    const req = request(
      url,
      {
        agent,
        method: init.method ?? 'GET',
        headers: {
          ...init.headers,
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const headers = new Map<string, string>()
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v))
          resolve({ status: res.statusCode ?? 0, headers, text: async () => text })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })) as unknown as typeof fetch

const connect = async (devnet: Devnet) => {
  // BENCH_FETCH=global: Node's global fetch instead (to compare the client's own cost).
  const useGlobal = process.env.BENCH_FETCH === 'global'
  const client = new APIClient({
    provider: new FetchProvider(devnet.url, { fetch: useGlobal ? fetch : keepAliveFetch }),
  })
  const abi = (await client.v1.chain.get_abi(ACCOUNT_TOKEN)).abi as ABI
  const key = PrivateKey.from(devnet.keys.get('alice') as string)
  return { client, abi, key }
}

const tmp = await mkdtemp(join(tmpdir(), 'spaceos-bench-devnet-'))
const result: Record<string, unknown> = {}
try {
  // --- 1. start-up ---
  if (process.env.BENCH_SKIP_STARTUP !== '1') {
    const full = await spawnDevnet({
      SPACEOS_CHAIN_ANTELOPE_PORT: '0',
      SPACEOS_CHAIN_EVM_PORT: '0',
      SPACEOS_CHAIN_STATE_DIR: join(tmp, 'full'),
    })
    await full.stop()
    const chainOnly = await spawnDevnet({
      SPACEOS_CHAIN_ANTELOPE_PORT: '0',
      SPACEOS_CHAIN_EVM: 'false',
      SPACEOS_CHAIN_STATE_DIR: join(tmp, 'chain-only'),
    })
    await chainOnly.stop()
    result.startup = {
      everythingDeployedMs: Math.round(full.readyMs),
      antelopeChainApiOnlyMs: Math.round(chainOnly.readyMs),
    }
  }

  // --- 2 and 3: one devnet process (Antelope chain API, persisting) for throughput, then the long run ---
  const devnet = await spawnDevnet({
    SPACEOS_CHAIN_ANTELOPE_PORT: '0',
    SPACEOS_CHAIN_EVM: 'false',
    SPACEOS_CHAIN_STATE_DIR: join(tmp, 'run'),
  })
  try {
    const { client, abi, key } = await connect(devnet)
    const local = await createDevChain()
    const transfer = local.bc.getAccount(ACCOUNT_TOKEN as never)?.actions.transfer
    if (!transfer) throw new Error('no eosio.token::transfer')
    // Warm-up (JIT, connections) on both sides, not measured.
    for (let i = 0; i < 200; i++) {
      await transfer({ from: 'bob', to: 'carol', quantity: '0.0001 SPACE', memo: `warm ${i}` }).send('bob@active')
    }
    let sent = 0
    for (const trx of await signTransfers(client, abi, key, sent, 200)) await client.v1.chain.send_transaction(trx)
    sent += 200
    const rounds = Math.max(1, Math.round(transfers / 50))
    const batch = Math.ceil(transfers / rounds)
    let vertMs = 0
    let httpMs = 0
    const roundRatios: number[] = []
    let concurrentMs = 0
    // Where the time of the one-at-a-time batches goes: CPU used by the devnet process and by this one (the client).
    let devnetCpu = 0
    let clientCpu = 0
    // Each timed batch starts from a collected heap: garbage one side made is not charged to the other.
    const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 0)
    const collect = async () => {
      ;(globalThis as { gc?: () => void }).gc?.()
      if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs))
    }
    for (let r = 0; r < rounds; r++) {
      await collect()
      let t0 = performance.now()
      for (let i = 0; i < batch; i++) {
        await transfer({ from: 'bob', to: 'carol', quantity: '0.0001 SPACE', memo: `vert ${r * batch + i}` }).send(
          'bob@active',
        )
      }
      const vert = performance.now() - t0
      const signed = await signTransfers(client, abi, key, sent, batch)
      await collect()
      const cpu0 = [cpuMs(devnet.child.pid as number), ownCpuMs()] as const
      t0 = performance.now()
      for (const trx of signed) await client.v1.chain.send_transaction(trx)
      const http = performance.now() - t0
      devnetCpu += cpuMs(devnet.child.pid as number) - cpu0[0]
      clientCpu += ownCpuMs() - cpu0[1]
      vertMs += vert
      httpMs += http
      roundRatios.push(vert / http)
      sent += batch
      // The same again with 4 requests in flight (several clients at once; the devnet still applies them one by one).
      const more = await signTransfers(client, abi, key, sent, batch)
      await collect()
      t0 = performance.now()
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let trx = more.shift(); trx; trx = more.shift()) await client.v1.chain.send_transaction(trx)
        }),
      )
      concurrentMs += performance.now() - t0
      sent += batch
    }
    const n = rounds * batch
    const sorted = [...roundRatios].sort((a, b) => a - b)
    result.throughput = {
      transfers: n,
      rounds,
      vertInProcessTps: Math.round(n / (vertMs / 1000)),
      devnetHttpTps: Math.round(n / (httpMs / 1000)),
      ratio: Number((vertMs / httpMs).toFixed(2)),
      // Per transaction: wall time of the one-at-a-time pushes, CPU of the devnet process and of the client (this one).
      httpMsPerTx: Number((httpMs / n).toFixed(3)),
      devnetCpuMsPerTx: Number((devnetCpu / n).toFixed(3)),
      clientCpuMsPerTx: Number((clientCpu / n).toFixed(3)),
      // The median of the per-round ratios: a burst of load from other processes moves it least.
      medianRoundRatio: Number((sorted[Math.floor(sorted.length / 2)] as number).toFixed(2)),
      devnetHttpTps4InFlight: Math.round(n / (concurrentMs / 1000)),
      ratio4InFlight: Number((vertMs / concurrentMs).toFixed(2)),
    }

    const samples: number[] = []
    let ms = 0
    let done = 0
    let sustainedCpu = 0
    while (done < memoryTxs) {
      const count = Math.min(1000, memoryTxs - done)
      const signed = await signTransfers(client, abi, key, sent, count)
      const cpu0 = cpuMs(devnet.child.pid as number)
      const t0 = performance.now()
      for (const trx of signed) await client.v1.chain.send_transaction(trx)
      ms += performance.now() - t0
      sustainedCpu += cpuMs(devnet.child.pid as number) - cpu0
      sent += count
      done += count
      samples.push(rssMb(devnet.child.pid as number))
    }
    result.memory = {
      transactions: done,
      sustainedHttpTps: Math.round(done / (ms / 1000)),
      devnetCpuMsPerTx: Number((sustainedCpu / done).toFixed(3)),
      devnetRssFirstMb: samples[0],
      devnetRssLastMb: samples[samples.length - 1],
      devnetRssSamplesMb: samples,
    }
  } finally {
    await devnet.stop()
  }

  // --- 3a. restart: the same state folder, every transaction above replayed from transactions.jsonl ---
  const restarted = await spawnDevnet({
    SPACEOS_CHAIN_ANTELOPE_PORT: '0',
    SPACEOS_CHAIN_EVM: 'false',
    SPACEOS_CHAIN_STATE_DIR: join(tmp, 'run'),
  })
  const logLines = readFileSync(join(tmp, 'run', 'antelope', 'transactions.jsonl'), 'utf8').split('\n').length - 1
  await restarted.stop()
  result.restart = { replayedTransactions: logLines, readyMs: Math.round(restarted.readyMs) }

  // --- 3b. retained heap per transaction, in-process (node --expose-gc) ---
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) {
    const chain = await createDevChain({ stateDir: join(tmp, 'heap'), keepBlockBodies: 1_000_000 })
    const abi = ABI.from(JSON.parse(JSON.stringify(chain.bc.getAccount(ACCOUNT_TOKEN as never)?.abi)))
    const key = PrivateKey.from(chain.keys.find((k) => k.account === 'alice')?.privateKey as string)
    const heap = () => {
      gc()
      gc()
      return process.memoryUsage().heapUsed
    }
    const build = (i: number) => {
      const head = chain.head()
      const trx = Transaction.from({
        expiration: new Date(chain.clock() + 600_000).toISOString().slice(0, 19),
        ref_block_num: head.block_num & 0xffff,
        ref_block_prefix: head.ref_block_prefix,
        actions: [
          Action.from(
            {
              account: ACCOUNT_TOKEN,
              name: 'transfer',
              authorization: [{ actor: 'alice', permission: 'active' }],
              data: { from: 'alice', to: 'carol', quantity: '0.0001 SPACE', memo: `heap ${i}` },
            },
            abi,
          ),
        ],
      })
      const packed = PackedTransaction.fromSigned(
        SignedTransaction.from({ ...trx, signatures: [key.signDigest(trx.signingDigest(chain.chainId))] }),
      )
      return {
        signatures: packed.signatures.map(String),
        compression: Number(packed.compression),
        packed_trx: packed.packed_trx.hexString,
      }
    }
    for (let i = 0; i < 300; i++) await chain.pushTransaction(build(i))
    const n = 3000
    const before = heap()
    for (let i = 0; i < n; i++) await chain.pushTransaction(build(1000 + i))
    const kept = heap()
    chain.produceBlock()
    chain.addTime(3600) // every transaction expires; then no block holds them any more
    chain.produceBlock()
    for (const num of [...chain.blocks.keys()]) if (num < chain.head().block_num) chain.blocks.delete(num)
    const released = heap()
    chain.stop()
    result.heapPerTransaction = {
      transactions: n,
      retainedBytesWhileRecent: Math.round((kept - before) / n),
      retainedBytesAfterExpiryAndPruning: Math.round((released - before) / n),
    }
  }
} finally {
  await rm(tmp, { recursive: true, force: true })
}
console.log(JSON.stringify(result, null, 2))
process.exit(0)
