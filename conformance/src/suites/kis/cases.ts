import { randomBytes } from 'node:crypto'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, KIS_HMAC_WINDOW_S } from '@spaceos/generated/parameters'
import { type ErrorCodeName, errorTable, httpStatusOf } from '@spaceos/protocol'
import { Checksum256, PublicKey, Signature, Transaction } from '@wharfkit/antelope'
import {
  createPublicClient,
  http,
  keccak256,
  numberToHex,
  type PublicClient,
  parseEther,
  parseTransaction,
  recoverTransactionAddress,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { type KisAnswer, kisSignature } from './client.ts'
import { compressedKey } from './leaks.ts'
import {
  checkKeyAnswer,
  createKey,
  expectCode,
  expectOk,
  type KisContext,
  label,
  legacyTransaction,
  role,
  type SuiteKey,
} from './shared.ts'

/** Signs `transaction` with `key` through `/sign-evm` and checks the raw transaction recovers to the key's address. */
async function signEvmAndRecover(context: KisContext, key: SuiteKey, transaction: Record<string, unknown>) {
  const answer = await context.client.request('POST', '/sign-evm', { key_id: key.keyId, transaction }, context.caller)
  expectOk(answer, 'a legacy transaction for chain EVM_CHAIN_ID at EVM_GAS_PRICE_WEI must be signed')
  const raw = answer.body.raw_signed_tx
  if (typeof raw !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(raw)) {
    throw new CaseFailedError('raw_signed_tx', { expected: '0x-prefixed hex bytes', actual: JSON.stringify(raw) })
  }
  const serialized = raw as `0x${string}`
  let parsed: ReturnType<typeof parseTransaction>
  try {
    parsed = parseTransaction(serialized)
  } catch (error) {
    throw new CaseFailedError('raw_signed_tx must parse as an EVM transaction', { actual: (error as Error).message })
  }
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (String(actual) !== String(expected)) {
      throw new CaseFailedError(`the signed transaction's ${what} is the one requested`, {
        expected: String(expected),
        actual: String(actual),
      })
    }
  }
  expect('type', parsed.type, 'legacy')
  expect('chain ID (EIP-155)', parsed.chainId, EVM_CHAIN_ID)
  expect('nonce', parsed.nonce ?? 0, transaction.nonce)
  expect('gas', parsed.gas, transaction.gas)
  expect('gas price', parsed.gasPrice, transaction.gas_price)
  expect('to', parsed.to?.toLowerCase(), String(transaction.to).toLowerCase())
  expect('value', parsed.value ?? 0n, transaction.value ?? 0)
  expect('data', parsed.data ?? '0x', transaction.data ?? '0x')
  const signer = await recoverTransactionAddress({ serializedTransaction: serialized as never })
  expect('signer (recovered)', signer, key.address)
  if (answer.body.hash !== undefined) expect('hash', String(answer.body.hash).toLowerCase(), keccak256(serialized))
  return serialized
}

const evmSigning = defineCase<KisContext>({
  id: 'kis.sign-evm.legacy',
  title: 'a legacy transaction for chain EVM_CHAIN_ID is signed by the key: it recovers to the key’s address',
  requirements: ['NP-KEY-022', 'NP-KEY-021'],
  role,
  async run(context) {
    const key = await createKey(context, 'evm')
    await signEvmAndRecover(context, key, legacyTransaction())
    await signEvmAndRecover(
      context,
      key,
      legacyTransaction({ data: `0x${randomBytes(36).toString('hex')}`, gas: '90000', value: '0' }),
    )
  },
})

const evmPolicy = defineCase<KisContext>({
  id: 'kis.sign-evm.policy',
  title:
    'non-legacy transactions (typed, EIP-1559 fee fields), another chain ID or a gas price below EVM_GAS_PRICE_WEI are PERMISSION_DENIED',
  requirements: ['NP-KEY-022'],
  role,
  async run(context) {
    const key = await createKey(context, 'evm')
    await signEvmAndRecover(context, key, legacyTransaction())
    const fees = { max_fee_per_gas: EVM_GAS_PRICE_WEI.toString(), max_priority_fee_per_gas: '0' }
    // [label, transaction, accepted refusal codes]: EIP-1559 fee fields are not among §9's request fields, so
    // UNKNOWN_FIELD (which NP-ERR-004 ranks first) is as good a refusal as PERMISSION_DENIED.
    const refused: [string, Record<string, unknown>, string[]][] = [
      ['type eip1559', legacyTransaction({ type: 'eip1559' }), ['PERMISSION_DENIED']],
      ['type eip2930', legacyTransaction({ type: 'eip2930' }), ['PERMISSION_DENIED']],
      [
        'type eip1559 with its fee fields',
        legacyTransaction({ type: 'eip1559', ...fees }),
        ['PERMISSION_DENIED', 'UNKNOWN_FIELD'],
      ],
      ['EIP-1559 fee fields without a type', legacyTransaction(fees), ['PERMISSION_DENIED', 'UNKNOWN_FIELD']],
      ['chain ID 1', legacyTransaction({ chain_id: 1 }), ['PERMISSION_DENIED']],
      [`chain ID ${EVM_CHAIN_ID + 1}`, legacyTransaction({ chain_id: EVM_CHAIN_ID + 1 }), ['PERMISSION_DENIED']],
      [
        'gas price EVM_GAS_PRICE_WEI − 1',
        legacyTransaction({ gas_price: (EVM_GAS_PRICE_WEI - 1n).toString() }),
        ['PERMISSION_DENIED'],
      ],
      ['gas price 1 gwei', legacyTransaction({ gas_price: '1000000000' }), ['PERMISSION_DENIED']],
    ]
    for (const [what, transaction, codes] of refused) {
      const answer = await context.client.request(
        'POST',
        '/sign-evm',
        { key_id: key.keyId, transaction },
        context.caller,
      )
      expectCode(answer, codes, `a transaction with ${what} must not be signed`)
    }
  },
})

const keysCreate = defineCase<KisContext>({
  id: 'kis.keys.create',
  title: 'POST /keys creates evm and native keys inside KIS: key ID and public half only, distinct per call',
  requirements: ['NP-KEY-021'],
  role,
  async run(context) {
    const a = await createKey(context, 'evm')
    const b = await createKey(context, 'evm')
    const n = await createKey(context, 'native')
    if (a.keyId === b.keyId || a.publicKey === b.publicKey) {
      throw new CaseFailedError('two created keys must differ', { actual: `${a.keyId} ${a.publicKey}` })
    }
    for (const key of [a, n]) {
      const got = await context.client.request(
        'GET',
        `/keys/${encodeURIComponent(key.keyId)}`,
        undefined,
        context.caller,
      )
      expectOk(got, `GET /keys/${key.keyId} must describe the key`)
      const described = checkKeyAnswer(got.body, key.kind, `GET /keys/${key.keyId}`)
      if (described.publicKey !== key.publicKey || described.address !== key.address) {
        throw new CaseFailedError('GET /keys/{id} answers the created key', {
          expected: key.publicKey,
          actual: described.publicKey,
        })
      }
    }
    const unknown = await context.client.request(
      'POST',
      '/sign-evm',
      { key_id: `kis_${randomBytes(20).toString('hex')}`, transaction: legacyTransaction() },
      context.caller,
    )
    expectCode(unknown, 'NOT_FOUND', 'signing with an unknown key ID')
    const missing = await context.client.request(
      'GET',
      `/keys/kis_${randomBytes(20).toString('hex')}`,
      undefined,
      context.caller,
    )
    expectCode(missing, 'NOT_FOUND', 'GET /keys/{id} of an unknown key')
  },
})

const noKeyMaterial = defineCase<KisContext>({
  id: 'kis.keys.no-private-material',
  title:
    'no answer of any endpoint (success or error) carries private-key material: hex, base64, PVT_K1_, WIF or a secret-named field',
  requirements: ['NP-KEY-021'],
  role,
  async run(context) {
    const { client, caller } = context
    const evm = await createKey(context, 'evm')
    const native = await createKey(context, 'native')
    await client.request('GET', `/keys/${encodeURIComponent(evm.keyId)}`, undefined, caller)
    await client.request('GET', `/keys/${encodeURIComponent(native.keyId)}`, undefined, caller)
    await signEvmAndRecover(context, evm, legacyTransaction())
    await client.request(
      'POST',
      '/sign-evm',
      { key_id: evm.keyId, transaction: legacyTransaction({ chain_id: 1 }) },
      caller,
    )
    const crossed = await client.request(
      'POST',
      '/sign-evm',
      { key_id: native.keyId, transaction: legacyTransaction() },
      caller,
    )
    if (crossed.ok) throw new CaseFailedError('a native key must not sign EVM transactions', { actual: 'signed' })
    await client.request('POST', '/sign-evm', { key_id: evm.keyId, transaction: { nonce: -1 } }, caller)
    await client.request(
      'POST',
      '/sign-native',
      { key_id: evm.keyId, chain_id: '00'.repeat(32), transaction: {} },
      caller,
    )
    await client.request('POST', '/keys', { kind: 'rsa', label: label('bad') }, caller)
    const wire = await client.sign('POST', '/keys', '{"kind":', caller)
    await client.send(wire)
    // Import attempts: the suite's own private key must not come back in any answer.
    const privateKey = generatePrivateKey()
    const compressed = compressedKey(privateKeyToAccount(privateKey).publicKey)
    if (compressed !== undefined) context.known.add(compressed)
    await client.request('POST', '/admin/import', { kind: 'evm', private_key: privateKey, label: label('imp') }, caller)
    if (context.admin !== undefined) {
      await client.request('POST', '/admin/import', { kind: 'evm', private_key: 'not-a-key' }, context.admin)
    }
    if (context.known.size < 3) {
      throw new CaseFailedError('the scan knew the public keys of the created keys', {
        actual: String(context.known.size),
      })
    }
  },
})

/** A signed `POST /keys` request and its body, used as the control of the authentication cases. */
async function controlRequest(context: KisContext) {
  const body = JSON.stringify({ kind: 'evm', label: label('ctl') })
  return { body, wire: await context.client.sign('POST', '/keys', body, context.caller) }
}

const hmacRequired = defineCase<KisContext>({
  id: 'kis.hmac.required',
  title:
    'a request without X-KIS-Key-Id, X-KIS-Timestamp or X-KIS-Signature, or with a wrong secret or caller, is UNAUTHENTICATED',
  requirements: ['NP-KEY-023'],
  role,
  async run(context) {
    const { client } = context
    const { wire } = await controlRequest(context)
    const without = (name: string) => {
      const headers = { ...wire.headers }
      delete headers[name]
      return { ...wire, headers }
    }
    expectCode(
      await client.send({ ...wire, headers: { 'content-type': 'application/json' } }),
      'UNAUTHENTICATED',
      'no KIS headers',
    )
    for (const name of ['x-kis-key-id', 'x-kis-timestamp', 'x-kis-signature']) {
      expectCode(await client.send(without(name)), 'UNAUTHENTICATED', `without ${name}`)
    }
    const ts = Number(wire.headers['x-kis-timestamp'])
    const wrongSecret = kisSignature(
      `${context.caller.secret}x`,
      'POST',
      new URL(`${client.url}/keys`).pathname,
      ts,
      wire.body,
    )
    expectCode(
      await client.send({ ...wire, headers: { ...wire.headers, 'x-kis-signature': wrongSecret } }),
      'UNAUTHENTICATED',
      'signed with a wrong secret',
    )
    const stranger = await client.sign('POST', '/keys', wire.body, {
      id: `stranger-${randomBytes(4).toString('hex')}`,
      secret: randomBytes(32).toString('hex'),
    })
    expectCode(await client.send(stranger), 'UNAUTHENTICATED', 'an unknown caller ID')
    expectCode(
      await client.send({ ...wire, headers: { ...wire.headers, 'x-kis-signature': 'zz'.repeat(32) } }),
      'UNAUTHENTICATED',
      'a signature that is not hex',
    )
    expectCode(
      await client.send({ ...wire, headers: { ...wire.headers, 'x-kis-signature': '' } }),
      'UNAUTHENTICATED',
      'an empty signature',
    )
    expectOk(await client.send(wire), 'the same request, correctly signed, must be accepted (control)')
  },
})

const hmacTampered = defineCase<KisContext>({
  id: 'kis.hmac.tampered',
  title: 'a body, path or timestamp changed after signing is UNAUTHENTICATED',
  requirements: ['NP-KEY-023'],
  role,
  async run(context) {
    const { client } = context
    const { body, wire } = await controlRequest(context)
    const otherBody = body.replace('"evm"', '"native"')
    expectCode(await client.send({ ...wire, body: otherBody }), 'UNAUTHENTICATED', 'the body changed after signing')
    expectCode(await client.send({ ...wire, body: `${body} ` }), 'UNAUTHENTICATED', 'a space appended to the body')
    expectCode(await client.send({ ...wire, path: '/sign-evm' }), 'UNAUTHENTICATED', 'sent to another path')
    expectCode(
      await client.send({ ...wire, path: '/keys?x=1' }),
      'UNAUTHENTICATED',
      'a query string added after signing',
    )
    const ts = Number(wire.headers['x-kis-timestamp'])
    expectCode(
      await client.send({ ...wire, headers: { ...wire.headers, 'x-kis-timestamp': String(ts - 1) } }),
      'UNAUTHENTICATED',
      'the timestamp header changed after signing',
    )
    expectOk(await client.send(wire), 'the untampered request must be accepted (control)')
  },
})

const hmacWindow = defineCase<KisContext>({
  id: 'kis.hmac.window',
  title: `a correctly signed request whose timestamp is more than KIS_HMAC_WINDOW_S (${KIS_HMAC_WINDOW_S} s) old or ahead is UNAUTHENTICATED`,
  requirements: ['NP-KEY-024', 'NP-KEY-023'],
  role,
  async run(context) {
    const { client, caller } = context
    const now = Math.floor(Date.now() / 1000)
    // 60 s of margin for the clock difference between the suite and the target.
    const stale: [string, number][] = [
      [`${KIS_HMAC_WINDOW_S + 60} s old`, now - KIS_HMAC_WINDOW_S - 60],
      [`${KIS_HMAC_WINDOW_S + 60} s ahead`, now + KIS_HMAC_WINDOW_S + 60],
      ['one day old', now - 86_400],
      ['0 (1970)', 0],
      ['in milliseconds', now * 1000],
    ]
    for (const [what, ts] of stale) {
      const body = JSON.stringify({ kind: 'evm', label: label('old') })
      expectCode(
        await client.send(await client.sign('POST', '/keys', body, caller, ts)),
        'UNAUTHENTICATED',
        `a timestamp ${what}`,
      )
    }
    const { wire } = await controlRequest(context)
    expectOk(await client.send(wire), 'a request signed now must be accepted (control)')
  },
})

const replay = defineCase<KisContext>({
  id: 'kis.hmac.replay',
  title:
    'an exact replay of an accepted request (create, describe, sign) is REPLAYED; a freshly signed one is accepted',
  requirements: ['NP-KEY-025'],
  role,
  async run(context) {
    const { client, caller } = context
    const { wire } = await controlRequest(context)
    const first = await client.send(wire)
    expectOk(first, 'the first request must be accepted')
    const key = checkKeyAnswer(first.body, 'evm', 'POST /keys')
    expectCode(await client.send(wire), 'REPLAYED', 'the same POST /keys again')
    const get = await client.sign('GET', `/keys/${encodeURIComponent(key.keyId)}`, '', caller)
    expectOk(await client.send(get), 'GET /keys/{id}')
    expectCode(await client.send(get), 'REPLAYED', 'the same GET /keys/{id} again')
    const sign = await client.sign(
      'POST',
      '/sign-evm',
      JSON.stringify({ key_id: key.keyId, transaction: legacyTransaction() }),
      caller,
    )
    expectOk(await client.send(sign), '/sign-evm')
    expectCode(await client.send(sign), 'REPLAYED', 'the same /sign-evm again')
    // The same body signed afresh (a later timestamp) is a new request.
    expectOk(
      await client.send(await client.sign('POST', '/sign-evm', sign.body, caller)),
      'the same body signed afresh',
    )
  },
})

const adminImport = defineCase<KisContext>({
  id: 'kis.admin.separate-credential',
  title: '/admin/import refuses the signing credential; the separate admin credential imports a key that then signs',
  requirements: ['NP-KEY-027', 'NP-KEY-021'],
  role,
  async run(context) {
    const { client, caller, admin } = context
    const privateKey = generatePrivateKey()
    const account = privateKeyToAccount(privateKey)
    const compressed = compressedKey(account.publicKey)
    if (compressed !== undefined) context.known.add(compressed)
    const refused = await client.request(
      'POST',
      '/admin/import',
      { kind: 'evm', private_key: privateKey, label: label('imp') },
      caller,
    )
    expectCode(refused, ['PERMISSION_DENIED', 'UNAUTHENTICATED'], '/admin/import with the signing credential')
    if (admin === undefined) skipCase('the refusal passed; the import itself needs --kis-admin id=secret')
    const imported = await client.request(
      'POST',
      '/admin/import',
      { kind: 'evm', private_key: privateKey, label: label('imp') },
      admin,
    )
    expectOk(imported, '/admin/import with the admin credential')
    const key = checkKeyAnswer(imported.body, 'evm', '/admin/import')
    if (key.address !== account.address) {
      throw new CaseFailedError('the imported key has the address of the private key sent', {
        expected: account.address,
        actual: String(key.address),
      })
    }
    await signEvmAndRecover(context, key, legacyTransaction())
  },
})

/** A small Antelope transaction in JSON form (action data as hex). */
function antelopeTransaction(): Transaction {
  return Transaction.from({
    expiration: '2030-01-01T00:00:00',
    ref_block_num: randomBytes(2).readUInt16BE(),
    ref_block_prefix: randomBytes(4).readUInt32BE(),
    max_net_usage_words: 0,
    max_cpu_usage_ms: 0,
    delay_sec: 0,
    context_free_actions: [],
    actions: [
      {
        account: 'eosio.token',
        name: 'transfer',
        authorization: [{ actor: 'conformance', permission: 'active' }],
        data: randomBytes(24).toString('hex'),
      },
    ],
    transaction_extensions: [],
  })
}

const nativeSigning = defineCase<KisContext>({
  id: 'kis.sign-native',
  title:
    '/sign-native signs the digest it computes from the transaction and its chain ID with the native key; another chain ID is PERMISSION_DENIED, a bare digest is not signed',
  requirements: ['NP-KEY-030', 'NP-KEY-021'],
  role,
  async run(context) {
    const { client, caller, antelopeChainId } = context
    if (antelopeChainId === undefined) {
      skipCase('needs the chain ID the KIS signs for: --kis-antelope-chain-id <hex> or --antelope-url <chain API>')
    }
    const key = await createKey(context, 'native')
    const transaction = antelopeTransaction()
    const answer = await client.request(
      'POST',
      '/sign-native',
      { key_id: key.keyId, chain_id: antelopeChainId, transaction: JSON.parse(JSON.stringify(transaction)) },
      caller,
    )
    expectOk(answer, '/sign-native with the configured chain ID')
    const digest = transaction.signingDigest(Checksum256.from(antelopeChainId))
    if (answer.body.digest !== undefined && String(answer.body.digest).toLowerCase() !== digest.hexString) {
      throw new CaseFailedError('digest = SHA-256(chain ID ‖ packed transaction ‖ 32 zero bytes)', {
        expected: digest.hexString,
        actual: String(answer.body.digest),
      })
    }
    let recovered: PublicKey
    try {
      recovered = Signature.from(String(answer.body.signature)).recoverDigest(digest)
    } catch (error) {
      throw new CaseFailedError('signature must be an Antelope SIG_K1_…', {
        actual: `${String(answer.body.signature)} (${(error as Error).message})`,
      })
    }
    if (!recovered.equals(PublicKey.from(key.publicKey))) {
      throw new CaseFailedError('the signature recovers to the native key over the digest for the chain ID', {
        expected: key.publicKey,
        actual: recovered.toString(),
      })
    }
    const other = randomBytes(32).toString('hex')
    const refused = await client.request(
      'POST',
      '/sign-native',
      { key_id: key.keyId, chain_id: other, transaction: JSON.parse(JSON.stringify(antelopeTransaction())) },
      caller,
    )
    expectCode(refused, 'PERMISSION_DENIED', 'another chain ID must be refused')
    // A caller-supplied digest is never signed: KIS signs only what it computed from a transaction.
    for (const [what, transaction] of [
      ['a digest string', digest.hexString],
      ['a digest field', { digest: digest.hexString }],
    ] as const) {
      const bare = await client.request(
        'POST',
        '/sign-native',
        { key_id: key.keyId, chain_id: antelopeChainId, transaction },
        caller,
      )
      if (bare.ok)
        throw new CaseFailedError(`${what} instead of a transaction must not be signed`, { actual: 'signed' })
    }
    const evmKey = await createKey(context, 'evm')
    const wrongKind = await client.request(
      'POST',
      '/sign-native',
      {
        key_id: evmKey.keyId,
        chain_id: antelopeChainId,
        transaction: JSON.parse(JSON.stringify(antelopeTransaction())),
      },
      caller,
    )
    if (wrongKind.ok) throw new CaseFailedError('an evm key must not sign native transactions', { actual: 'signed' })
  },
})

const evmRotation = defineCase<KisContext>({
  id: 'kis.rotate.evm',
  title:
    '/rotate swaps a new key in under the same key ID only after sweeping the balance with legacy chain-800000 transactions at ≥ EVM_GAS_PRICE_WEI; the old key stays retired under old_key_id and signs nothing',
  requirements: ['NP-KEY-031', 'NP-KEY-022', 'NP-KEY-021'],
  role,
  async run(context) {
    const { client, caller, evmRpcUrl } = context
    if (evmRpcUrl === undefined)
      skipCase('needs the EVM JSON-RPC of chain EVM_CHAIN_ID KIS sweeps on: --kis-evm-rpc <url>')
    const rpc = createPublicClient({ transport: http(evmRpcUrl, { retryCount: 0 }) }) as PublicClient
    const chainId = await rpc.getChainId()
    if (chainId !== EVM_CHAIN_ID) skipCase(`--kis-evm-rpc serves chain ${chainId}, not ${EVM_CHAIN_ID}`)
    const key = await createKey(context, 'evm')
    const oldAddress = key.address as `0x${string}`
    // Funds the old address where the RPC is a dev node that offers it (anvil); elsewhere only the swap is checked.
    const funds = parseEther('1')
    const funded = await rpc
      .request({ method: 'anvil_setBalance' as never, params: [oldAddress, numberToHex(funds)] as never })
      .then(
        () => true,
        () => false,
      )
    // A rotation whose sweep cannot run (no EVM answers at the URL) must fail and leave the key ID on the old key.
    const failed = await client.request(
      'POST',
      '/rotate',
      { key_id: key.keyId, evm_rpc_url: 'http://127.0.0.1:9/' },
      caller,
    )
    if (failed.ok) throw new CaseFailedError('a rotation whose sweep cannot run must fail', { actual: 'ok' })
    const unchanged = await client.request('GET', `/keys/${encodeURIComponent(key.keyId)}`, undefined, caller)
    expectOk(unchanged, 'GET /keys/{id} after a failed rotation')
    if (unchanged.body.address !== oldAddress || unchanged.body.status !== 'active') {
      throw new CaseFailedError('after a failed rotation the key ID still resolves to the old, active key', {
        expected: `${oldAddress} active`,
        actual: `${String(unchanged.body.address)} ${String(unchanged.body.status)}`,
      })
    }
    await signEvmAndRecover(context, key, legacyTransaction())
    const answer = await client.request('POST', '/rotate', { key_id: key.keyId, evm_rpc_url: evmRpcUrl }, caller)
    expectOk(answer, '/rotate of an evm key')
    const body = answer.body
    const rotated = checkKeyAnswer({ ...body, kind: 'evm' }, 'evm', '/rotate')
    if (body.key_id !== key.keyId) {
      throw new CaseFailedError('the rotated key keeps its key ID', {
        expected: key.keyId,
        actual: String(body.key_id),
      })
    }
    if (rotated.address === oldAddress || body.previous_address !== oldAddress) {
      throw new CaseFailedError('a new address, and previous_address = the old one', {
        expected: `new ≠ ${oldAddress}`,
        actual: `${String(rotated.address)} (previous ${String(body.previous_address)})`,
      })
    }
    const oldKeyId = String(body.old_key_id)
    const swept = (Array.isArray(body.swept) ? body.swept : []) as Record<string, unknown>[]
    for (const sweep of swept) {
      const hash = String(sweep.transaction_hash) as `0x${string}`
      const receipt = await rpc.waitForTransactionReceipt({ hash, timeout: 30_000 })
      const tx = await rpc.getTransaction({ hash })
      if (
        tx.type !== 'legacy' ||
        tx.chainId !== EVM_CHAIN_ID ||
        (tx.gasPrice ?? 0n) < EVM_GAS_PRICE_WEI ||
        tx.from.toLowerCase() !== oldAddress.toLowerCase() ||
        receipt.status !== 'success'
      ) {
        throw new CaseFailedError(
          'a sweep is a successful legacy chain-800000 transaction from the old address at ≥ EVM_GAS_PRICE_WEI',
          {
            actual: `type ${tx.type}, chain ${tx.chainId}, gas price ${tx.gasPrice}, from ${tx.from}, ${receipt.status}`,
          },
        )
      }
    }
    if (funded) {
      const native = swept.find((s) => s.asset === 'native')
      const arrived = await rpc.getBalance({ address: rotated.address as `0x${string}` })
      if (native === undefined || arrived === 0n || arrived !== BigInt(String(native.amount))) {
        throw new CaseFailedError("the old address's SPACE is swept to the new address", {
          expected: `a native sweep whose amount arrives (funded ${funds} wei)`,
          actual: `swept ${JSON.stringify(swept)}, new balance ${arrived}`,
        })
      }
    }
    const now = await client.request('GET', `/keys/${encodeURIComponent(key.keyId)}`, undefined, caller)
    expectOk(now, 'GET /keys/{id} after the rotation')
    if (checkKeyAnswer(now.body, 'evm', 'GET /keys/{id}').address !== rotated.address) {
      throw new CaseFailedError('the key ID resolves to the new key', {
        expected: String(rotated.address),
        actual: String(now.body.address),
      })
    }
    const retired = await client.request('GET', `/keys/${encodeURIComponent(oldKeyId)}`, undefined, caller)
    expectOk(retired, 'GET /keys/{old_key_id}: the old key is kept for audit')
    if (retired.body.status !== 'retired' || retired.body.address !== oldAddress) {
      throw new CaseFailedError('old_key_id describes the old key, retired', {
        expected: `${oldAddress} retired`,
        actual: `${String(retired.body.address)} ${String(retired.body.status)}`,
      })
    }
    const old = await client.request(
      'POST',
      '/sign-evm',
      { key_id: oldKeyId, transaction: legacyTransaction() },
      caller,
    )
    if (old.ok) throw new CaseFailedError('the retired key must sign nothing', { actual: 'signed' })
    await signEvmAndRecover(context, rotated, legacyTransaction())
  },
})

const httpErrors = defineCase<KisContext>({
  id: 'kis.errors.http',
  title:
    'errors are JSON {"error": {code, message, details}} with the status of their code: 401, 403, 409, 404 for an unknown key, 400 for invalid JSON (MALFORMED_FRAME), an unknown field (UNKNOWN_FIELD), an invalid one (INVALID_FIELD)',
  requirements: ['NP-ERR-030', 'NP-ERR-031'],
  role,
  async run(context) {
    const { client, caller } = context
    const key = await createKey(context, 'evm')
    const check = (answer: KisAnswer, codes: readonly string[], what: string) => {
      expectCode(answer, codes, what)
      if (answer.ok) return
      const error = answer.body.error as { code?: unknown; message?: unknown; details?: unknown } | undefined
      if (!/^application\/json\b/.test(answer.contentType) || typeof error?.message !== 'string') {
        throw new CaseFailedError(`${what}: the error body is {"error": {"code", "message", "details"}} as JSON`, {
          actual: `${answer.contentType} ${JSON.stringify(answer.body).slice(0, 200)}`,
        })
      }
      if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null)) {
        throw new CaseFailedError(`${what}: details is an object`, { actual: JSON.stringify(error.details) })
      }
      const status = answer.code in errorTable ? httpStatusOf(answer.code as ErrorCodeName) : undefined
      if (status !== undefined && answer.status !== status) {
        throw new CaseFailedError(`${what}: HTTP status of ${answer.code}`, {
          expected: String(status),
          actual: String(answer.status),
        })
      }
    }
    const { wire } = await controlRequest(context)
    check(
      await client.send({ ...wire, headers: { 'content-type': 'application/json' } }),
      ['UNAUTHENTICATED'],
      'no KIS headers',
    )
    check(
      await client.request(
        'POST',
        '/sign-evm',
        { key_id: key.keyId, transaction: legacyTransaction({ chain_id: 1 }) },
        caller,
      ),
      ['PERMISSION_DENIED'],
      'chain ID 1',
    )
    expectOk(await client.send(wire), 'the control request')
    check(await client.send(wire), ['REPLAYED'], 'a replay')
    check(
      await client.send(await client.sign('POST', '/keys', '{"kind":', caller)),
      ['MALFORMED_FRAME'],
      'a body that is not JSON',
    )
    check(
      await client.request('POST', '/keys', { kind: 'evm', label: label('uf'), colour: 'red' }, caller),
      ['UNKNOWN_FIELD'],
      'an unknown field',
    )
    check(
      await client.request(
        'POST',
        '/sign-evm',
        { key_id: `kis_${'0'.repeat(40)}`, transaction: legacyTransaction() },
        caller,
      ),
      ['NOT_FOUND'],
      'an unknown key',
    )
    check(
      await client.request('POST', '/keys', { kind: 'rsa', label: label('rsa') }, caller),
      ['INVALID_FIELD'],
      'kind rsa',
    )
    check(
      await client.request(
        'POST',
        '/sign-evm',
        { key_id: key.keyId, transaction: { ...legacyTransaction(), nonce: -1 } },
        caller,
      ),
      ['INVALID_FIELD'],
      'nonce -1',
    )
  },
})

const mutualTls = defineCase<KisContext>({
  id: 'kis.mtls.required',
  title: 'over https, KIS requires a client certificate: a TLS client without one gets no answer but a refusal',
  requirements: ['NP-KEY-026'],
  role,
  async run(context) {
    const { client, tls } = context
    if (new URL(client.url).protocol !== 'https:') {
      skipCase('the target is plain http; mutual TLS (NP-KEY-026, SHOULD in production) needs an https target')
    }
    if (tls.cert === undefined || tls.key === undefined) {
      skipCase("needs the caller's client certificate: --kis-tls-cert and --kis-tls-key (and --kis-tls-ca)")
    }
    const { wire } = await controlRequest(context)
    expectOk(await client.send(wire), 'a request with the client certificate (control)')
    const { wire: bare } = await controlRequest(context)
    let answer: KisAnswer | undefined
    try {
      answer = await client.send(bare, tls.ca === undefined ? {} : { ca: tls.ca })
    } catch {
      return // the handshake or the connection was refused: mutual TLS is enforced
    }
    if (answer.ok) {
      throw new CaseFailedError('a TLS client without a certificate must be refused', {
        actual: `HTTP ${answer.status}`,
      })
    }
  },
})

const keyOwnership = defineCase<KisContext>({
  id: 'kis.keys.owner',
  title:
    'a key serves only the signing caller that created it (or the owner it was imported for): another caller gets NOT_FOUND, as for a key that does not exist; an ownerless import serves every signing caller',
  requirements: ['NP-KEY-033'],
  role,
  async run(context) {
    const { client, caller, otherCaller, admin } = context
    if (otherCaller === undefined) skipCase('needs a second signing caller: --kis-other-caller id=secret')
    const mine = await createKey(context, 'evm')
    const path = `/keys/${encodeURIComponent(mine.keyId)}`
    const foreign = async (credential: typeof caller, key: SuiteKey, who: string) => {
      expectCode(
        await client.request('GET', `/keys/${encodeURIComponent(key.keyId)}`, undefined, credential),
        'NOT_FOUND',
        `${who} describes a key it does not own`,
      )
      expectCode(
        await client.request('POST', '/sign-evm', { key_id: key.keyId, transaction: legacyTransaction() }, credential),
        'NOT_FOUND',
        `${who} signs with a key it does not own`,
      )
      expectCode(
        await client.request('POST', '/rotate', { key_id: key.keyId, evm_rpc_url: 'http://127.0.0.1:9/' }, credential),
        'NOT_FOUND',
        `${who} rotates a key it does not own`,
      )
    }
    await foreign(otherCaller, mine, 'another caller')
    expectOk(await client.request('GET', path, undefined, caller), 'the owner still describes its key')
    await signEvmAndRecover(context, mine, legacyTransaction())
    const theirs = await createKey({ ...context, caller: otherCaller }, 'evm')
    await foreign(caller, theirs, 'the first caller')
    if (admin === undefined) return
    const imports = async (owner: string | undefined) => {
      const privateKey = generatePrivateKey()
      const compressed = compressedKey(privateKeyToAccount(privateKey).publicKey)
      if (compressed !== undefined) context.known.add(compressed)
      const answer = await client.request(
        'POST',
        '/admin/import',
        { kind: 'evm', private_key: privateKey, label: label('own'), ...(owner === undefined ? {} : { owner }) },
        admin,
      )
      expectOk(answer, `/admin/import ${owner === undefined ? 'without an owner' : `for owner ${owner}`}`)
      return checkKeyAnswer(answer.body, 'evm', '/admin/import')
    }
    const owned = await imports(caller.id)
    await signEvmAndRecover(context, owned, legacyTransaction())
    await foreign(otherCaller, owned, "a caller that is not the import's owner")
    const shared = await imports(undefined)
    await signEvmAndRecover(context, shared, legacyTransaction())
    await signEvmAndRecover({ ...context, caller: otherCaller }, shared, legacyTransaction())
  },
})

/** Every case of the KIS suite. */
export const kisCases: ConformanceCase<KisContext>[] = [
  keysCreate,
  keyOwnership,
  noKeyMaterial,
  evmSigning,
  evmPolicy,
  hmacRequired,
  hmacTampered,
  hmacWindow,
  replay,
  adminImport,
  nativeSigning,
  evmRotation,
  httpErrors,
  mutualTls,
]
