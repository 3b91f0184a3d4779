import { eosioNativeAbi } from '@spaceos/antelope'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { ABI, Action, APIClient, Name, PublicKey, SignedTransaction, Transaction } from '@wharfkit/antelope'
import {
  bytesToHex,
  createPublicClient,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  keccak256,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { KisNodeError } from './errors.ts'
import { antelopeKey } from './keyMaterial.ts'

/** One sweep transfer. */
export type Sweep = { asset: 'native' | `0x${string}`; amount: string; transaction_hash: `0x${string}` }

const legacyTransferGas = 21_000n

async function sendSigned(
  client: PublicClient,
  privateKey: Uint8Array,
  tx: { to: `0x${string}`; value: bigint; data?: Hex; nonce: number; gas: bigint; gasPrice: bigint },
): Promise<`0x${string}`> {
  const account = privateKeyToAccount(bytesToHex(privateKey))
  const raw = await account.signTransaction({ type: 'legacy', chainId: EVM_CHAIN_ID, ...tx })
  const hash = await client.sendRawTransaction({ serializedTransaction: raw })
  if (hash.toLowerCase() !== keccak256(raw).toLowerCase()) throw new Error('the RPC answered another transaction hash')
  const receipt = await client.waitForTransactionReceipt({ hash, timeout: 60_000 })
  if (receipt.status !== 'success') throw new Error(`sweep transaction ${hash} reverted`)
  return hash
}

/**
 * Moves every listed ERC-20 balance, then the native SPACE balance less the fee, from the old key's address to
 * `to` with legacy transactions for chain `EVM_CHAIN_ID` signed here. The RPC must report that chain ID.
 */
export async function sweepEvm(parameters: {
  rpcUrl: string
  oldPrivateKey: Uint8Array
  to: `0x${string}`
  tokens: readonly `0x${string}`[]
}): Promise<Sweep[]> {
  const client = createPublicClient({ transport: http(parameters.rpcUrl, { retryCount: 0 }) }) as PublicClient
  const chainId = await client.getChainId().catch((error: unknown) => {
    throw new KisNodeError('UNAVAILABLE', { message: 'The EVM RPC for the sweep did not answer.', cause: error })
  })
  if (chainId !== EVM_CHAIN_ID)
    throw new KisNodeError('PERMISSION_DENIED', {
      message: `The EVM RPC serves chain ${chainId}; KIS sweeps on chain ${EVM_CHAIN_ID} only.`,
      details: { field: 'evm_rpc_url', requirement: 'NP-KEY-022' },
    })
  const from = privateKeyToAccount(bytesToHex(parameters.oldPrivateKey)).address
  const swept: Sweep[] = []
  let step = 'reading the gas price and nonce'
  try {
    const networkPrice = await client.getGasPrice()
    // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
    const gasPrice = networkPrice > EVM_GAS_PRICE_WEI ? networkPrice : EVM_GAS_PRICE_WEI
    let nonce = await client.getTransactionCount({ address: from, blockTag: 'pending' })
    for (const token of parameters.tokens) {
      step = `sweeping ERC-20 ${token}`
      const balance = await client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [from],
      })
      if (balance === 0n) continue
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [parameters.to, balance] })
      const estimate = await client.estimateGas({ account: from, to: token, data })
      const hash = await sendSigned(client, parameters.oldPrivateKey, {
        to: token,
        value: 0n,
        data,
        nonce,
        gas: (estimate * 12n) / 10n,
        gasPrice,
      })
      nonce += 1
      swept.push({ asset: token, amount: balance.toString(), transaction_hash: hash })
    }
    step = 'sweeping native SPACE'
    const balance = await client.getBalance({ address: from })
    const fee = legacyTransferGas * gasPrice
    if (balance > fee) {
      const amount = balance - fee
      const hash = await sendSigned(client, parameters.oldPrivateKey, {
        to: parameters.to,
        value: amount,
        nonce,
        gas: legacyTransferGas,
        gasPrice,
      })
      swept.push({ asset: 'native', amount: amount.toString(), transaction_hash: hash })
    }
  } catch (error) {
    // viem's short message names the failing call (no key material: KIS never hands the key to the RPC).
    const reason = (error as { shortMessage?: unknown }).shortMessage
    // UNAVAILABLE, not INTERNAL: the chain call failed, nothing inside KIS did, and the same request may be retried.
    throw new KisNodeError('UNAVAILABLE', {
      retryable: true,
      retryAfterMs: 1000,
      message:
        `Rotation stopped while ${step}${typeof reason === 'string' ? `: ${reason.split('\n')[0]?.replace(/\.$/, '')}` : ''}. ` +
        `${swept.length} transfer(s) went through; the key ID still resolves to the old key, and retrying the ` +
        'rotation reuses the same new key.',
      details: { step, swept: String(swept.length) },
      cause: error,
    })
  }
  return swept
}

/** The standard `eosio::updateauth` action type, so KIS does not depend on the chain serving the system ABI. */
const updateAuthAbi = ABI.from(eosioNativeAbi)

/**
 * Moves `account`'s `active` and `owner` permissions from the old key to `newPublicKey` with one `updateauth`
 * transaction signed by the old key (as `account@owner`). Other keys, accounts and waits of each permission stay.
 * Answers the transaction ID, or `undefined` when an earlier attempt already moved both permissions.
 */
export async function updateAuthNative(parameters: {
  url: string
  chainId: string
  account: string
  oldPrivateKey: Uint8Array
  newPublicKey: string
}): Promise<string | undefined> {
  const api = new APIClient({ url: parameters.url })
  const oldKey = antelopeKey(parameters.oldPrivateKey)
  const oldPublic = oldKey.toPublic()
  const [info, account] = await Promise.all([
    api.v1.chain.get_info(),
    api.v1.chain.get_account(parameters.account).catch((error: unknown) => {
      throw new KisNodeError('NOT_FOUND', {
        message: `The chain does not know the account ${parameters.account}.`,
        details: { field: 'account' },
        cause: error,
      })
    }),
  ])
  if (!info.chain_id.equals(parameters.chainId))
    throw new KisNodeError('PERMISSION_DENIED', {
      message: `The Antelope API serves chain ${info.chain_id.hexString}; KIS signs for ${parameters.chainId} only.`,
      details: { field: 'antelope_url' },
    })
  // A retry after an updateauth that went through but whose answer was lost: the permissions already hold the new key
  // and not the old one. Nothing to push; the caller completes the swap.
  const newPublic = PublicKey.from(parameters.newPublicKey)
  const moved = ['active', 'owner'].every((name) => {
    const keys = account.permissions.find((p) => p.perm_name.equals(name))?.required_auth.keys ?? []
    return keys.some((k) => k.key.equals(newPublic)) && !keys.some((k) => k.key.equals(oldPublic))
  })
  if (moved) return undefined
  const actions = ['active', 'owner'].map((name) => {
    const permission = account.permissions.find((p) => p.perm_name.equals(name))
    if (permission === undefined)
      throw new KisNodeError('INVALID_FIELD', {
        message: `Account ${parameters.account} has no ${name} permission.`,
        details: { field: 'account' },
      })
    const auth = permission.required_auth
    if (!auth.keys.some((k) => k.key.equals(oldPublic)))
      throw new KisNodeError('PERMISSION_DENIED', {
        message: `The ${name} permission of ${parameters.account} does not hold this key.`,
        details: { field: 'account' },
      })
    return Action.from(
      {
        account: 'eosio',
        name: 'updateauth',
        authorization: [{ actor: parameters.account, permission: 'owner' }],
        data: {
          account: parameters.account,
          permission: name,
          parent: permission.parent.equals(Name.from('')) ? '' : permission.parent.toString(),
          auth: {
            threshold: auth.threshold,
            keys: auth.keys.map((k) => ({
              key: k.key.equals(oldPublic) ? newPublic : k.key,
              weight: k.weight,
            })),
            accounts: auth.accounts,
            waits: auth.waits,
          },
        },
      },
      updateAuthAbi,
    )
  })
  const transaction = Transaction.from({ ...info.getTransactionHeader(120), actions })
  const signature = oldKey.signDigest(transaction.signingDigest(info.chain_id))
  const signed = SignedTransaction.from({ ...transaction, signatures: [signature] })
  const result = await api.v1.chain.push_transaction(signed)
  return String(result.transaction_id)
}
