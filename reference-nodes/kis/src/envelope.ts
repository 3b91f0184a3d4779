import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto'

/**
 * scrypt cost of the master key. Default N = 2^17, r = 8, p = 1: 128 MiB and about 1 s per derivation on a
 * loaded 2-core machine, paid once at start-up — far above the 2^14 interactive-login figure, because the secret guards every
 * key KIS holds and an offline attacker with a copy of the store pays it per guess. The values are stored next to the
 * salt, so a store keeps opening after the default changes.
 */
export type ScryptParams = { N: number; r: number; p: number }

export const defaultScryptParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

/** Derives the 32-byte master key from the operator's secret (NP-KEY-020). */
export async function deriveMasterKey(secret: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret.normalize('NFKC'),
      salt,
      32,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 32 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  )
}

const nonceBytes = 12
const tagBytes = 16

/** ChaCha20-Poly1305 seal: `nonce(12) ‖ ciphertext ‖ tag(16)`, bound to `aad`. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = randomBytes(nonceBytes)
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: tagBytes })
  cipher.setAAD(Buffer.from(aad, 'utf8'), { plaintextLength: plaintext.length })
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([nonce, body, cipher.getAuthTag()])
}

/** Opens what {@link seal} produced; throws if the key, the AAD or a byte is wrong. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.length < nonceBytes + tagBytes) throw new Error('sealed value too short')
  const nonce = sealed.subarray(0, nonceBytes)
  const tag = sealed.subarray(sealed.length - tagBytes)
  const body = sealed.subarray(nonceBytes, sealed.length - tagBytes)
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: tagBytes })
  decipher.setAAD(Buffer.from(aad, 'utf8'), { plaintextLength: body.length })
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()])
}

/**
 * Envelope encryption of one private key: a fresh random data key encrypts the key, the master key wraps the data
 * key. Both are bound to the key material's ID so a ciphertext cannot be swapped onto another row [NP-KEY-020].
 */
export function sealPrivateKey(masterKey: Uint8Array, materialId: string, privateKey: Uint8Array) {
  const dataKey = randomBytes(32)
  try {
    return {
      wrappedDataKey: seal(masterKey, dataKey, `kis/data-key/${materialId}`),
      ciphertext: seal(dataKey, privateKey, `kis/private-key/${materialId}`),
    }
  } finally {
    dataKey.fill(0)
  }
}

/** Opens a private key sealed by {@link sealPrivateKey}. The caller zero-fills the result after use. */
export function openPrivateKey(
  masterKey: Uint8Array,
  materialId: string,
  sealed: { wrappedDataKey: Uint8Array; ciphertext: Uint8Array },
): Buffer {
  const dataKey = open(masterKey, sealed.wrappedDataKey, `kis/data-key/${materialId}`)
  try {
    return open(dataKey, sealed.ciphertext, `kis/private-key/${materialId}`)
  } finally {
    dataKey.fill(0)
  }
}
