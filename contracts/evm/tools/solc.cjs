#!/usr/bin/env node
// solc wrapper for forge: the npm `solc` package (solc-js, 0.8.19) behind the command-line surface forge uses.
//
// forge cannot download compilers in this environment, so foundry.toml sets `solc = "tools/solc.cjs"`.
// forge only needs two things from a solc binary:
//   solc --version                       -> "solc, the solidity compiler commandline interface\nVersion: 0.8.19+commit…"
//   solc [--base-path P] [--include-path P]… [--allow-paths P,…] --standard-json   (Standard JSON on stdin/stdout)
// Sources normally arrive with their content inline; the import callback below reads any that do not, from the
// base path, the include paths or as given, and refuses files outside the allowed roots.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

/** Parses the flags forge passes; unknown flags are ignored like optional ones. */
function parseArgs(argv) {
  const out = { version: false, standardJson: false, basePath: undefined, includePaths: [], allowPaths: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
    const value = () => (inline !== undefined ? inline : argv[++i])
    if (flag === '--version') out.version = true
    else if (flag === '--standard-json') out.standardJson = true
    else if (flag === '--base-path') out.basePath = value()
    else if (flag === '--include-path') out.includePaths.push(value())
    else if (flag === '--allow-paths') out.allowPaths.push(...String(value()).split(',').filter(Boolean))
  }
  return out
}

function readStdin() {
  const chunks = []
  const buf = Buffer.alloc(1 << 16)
  for (;;) {
    let n
    try {
      n = fs.readSync(0, buf, 0, buf.length, null)
    } catch (e) {
      if (e.code === 'EAGAIN') continue
      if (e.code === 'EOF') break
      throw e
    }
    if (n === 0) break
    chunks.push(Buffer.from(buf.subarray(0, n)))
  }
  return Buffer.concat(chunks).toString('utf8')
}

function main() {
  const args = parseArgs(process.argv.slice(2))
  const solc = require('solc')
  if (args.version) {
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`)
    return 0
  }
  if (!args.standardJson) {
    process.stderr.write('tools/solc.cjs supports only --version and --standard-json\n')
    return 1
  }
  const cwd = process.cwd()
  const base = path.resolve(cwd, args.basePath ?? '.')
  const roots = [base, ...args.includePaths.map((p) => path.resolve(cwd, p))]
  const allowed = [...roots, ...args.allowPaths.map((p) => path.resolve(cwd, p))]
  const isAllowed = (file) => allowed.some((root) => file === root || file.startsWith(root + path.sep))

  /** Import callback: the file-reading one solc's own binary has. */
  function findImports(importPath) {
    const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.join(r, importPath))
    for (const file of candidates) {
      const real = path.resolve(file)
      if (!isAllowed(real)) continue
      if (fs.existsSync(real) && fs.statSync(real).isFile()) return { contents: fs.readFileSync(real, 'utf8') }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` }
  }

  const input = readStdin()
  const output = solc.compile(input, { import: findImports })
  process.stdout.write(output)
  return 0
}

process.exitCode = main()
