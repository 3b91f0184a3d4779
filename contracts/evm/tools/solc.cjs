#!/usr/bin/env node
// solc wrapper for forge: the npm `solc` package (solc-js, 0.8.19) behind the command-line surface forge uses.
//
// forge cannot download compilers in this environment, so foundry.toml sets `solc = "tools/solc.cjs"`.
// forge only needs two things from a solc binary:
//   solc --version                       -> "solc, the solidity compiler commandline interface\nVersion: 0.8.19+commit…"
//   solc [--base-path P] [--include-path P]… [--allow-paths P,…] --standard-json   (Standard JSON on stdin/stdout)
// Sources normally arrive with their content inline; the import callback below reads any that do not, from the
// base path, the include paths or as given, and refuses files outside the allowed roots.
//
// Large inputs: solc-js 0.8.19 corrupts its WebAssembly memory on big compilations ("RuntimeError: memory access out
// of bounds", "Aborted()"; solidity issue #13966, fixed only in 0.8.28) although each part compiles fine. So when many
// files need output, the wrapper compiles them in chunks, each in its own worker thread (in parallel, one per CPU):
// a chunk holds a few files plus everything they import (found by reading the import statements), and asks for
// output of its own files only. The outputs are merged, and source ids are renumbered to what one big run would
// assign (the sorted source unit names), in `sources`, source maps and AST `src` fields, so forge sees one
// consistent compilation. SOLC_WRAPPER_CHUNK_FILES (default 24) sets the files per chunk.
'use strict'

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads')

/** Parses the flags forge passes; unknown flags are ignored like optional ones. */
function parseArgs(argv) {
  const out = { version: false, standardJson: false, basePath: undefined, includePaths: [], allowPaths: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const eq = a.indexOf('=')
    const flag = eq >= 0 ? a.slice(0, eq) : a
    const inline = eq >= 0 ? a.slice(eq + 1) : undefined
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

/** The file-reading import callback solc's own binary has. */
function makeImportCallback(args, cwd) {
  const real = (p) => {
    try {
      return fs.realpathSync(p)
    } catch {
      return path.resolve(p)
    }
  }
  const base = path.resolve(cwd, args.basePath ?? '.')
  const roots = [base, ...args.includePaths.map((p) => path.resolve(cwd, p))]
  // Compare canonical paths: forge passes canonical allow-paths, and node_modules may be a symlink.
  const allowed = [...roots, ...args.allowPaths.map((p) => path.resolve(cwd, p))].map(real)
  const isAllowed = (file) => allowed.some((root) => file === root || file.startsWith(root + path.sep))
  return function findImports(importPath) {
    const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.join(r, importPath))
    for (const file of candidates) {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue
      if (!isAllowed(real(file))) continue
      return { contents: fs.readFileSync(file, 'utf8') }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` }
  }
}

function compile(inputJson, args, cwd) {
  const solc = require('solc')
  return solc.compile(inputJson, { import: makeImportCallback(args, cwd) })
}

/** Output selection of `input` restricted to `files` (each gets the wildcard selection merged with its own). */
function selectionFor(selection, files) {
  const wildcard = selection['*'] ?? {}
  const out = {}
  for (const file of files) {
    const own = selection[file] ?? {}
    const merged = {}
    for (const key of new Set([...Object.keys(wildcard), ...Object.keys(own)])) {
      merged[key] = [...new Set([...(wildcard[key] ?? []), ...(own[key] ?? [])])]
    }
    out[file] = merged
  }
  return out
}

/** Splits the files into `count` chunks of similar total size. */
function partition(sources, count) {
  const files = Object.keys(sources).sort(
    (a, b) => (sources[b].content?.length ?? 0) - (sources[a].content?.length ?? 0) || (a < b ? -1 : 1),
  )
  const chunks = Array.from({ length: count }, () => ({ files: [], size: 0 }))
  for (const file of files) {
    const target = chunks.reduce((min, c) => (c.size < min.size ? c : min), chunks[0])
    target.files.push(file)
    target.size += sources[file].content?.length ?? 1
  }
  return chunks.map((c) => c.files).filter((f) => f.length > 0)
}

const IMPORT_RE = /^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm

/** Source unit names a file imports, resolved like solc: relative to the importer, else through the remappings. */
function importsOf(name, content, remappings) {
  const out = []
  for (const m of content.matchAll(IMPORT_RE)) {
    const spec = m[1]
    if (spec.startsWith('./') || spec.startsWith('../')) {
      out.push(path.posix.normalize(path.posix.join(path.posix.dirname(name), spec)))
      continue
    }
    let best
    for (const r of remappings) {
      const eq = r.indexOf('=')
      const prefix = r.slice(r.indexOf(':') >= 0 && r.indexOf(':') < eq ? r.indexOf(':') + 1 : 0, eq)
      if (spec.startsWith(prefix) && (!best || prefix.length > best.prefix.length))
        best = { prefix, target: r.slice(eq + 1) }
    }
    out.push(best ? best.target + spec.slice(best.prefix.length) : spec)
  }
  return out
}

/** The files plus everything they import (as far as the input has the sources; the callback supplies the rest). */
function closure(files, sources, remappings) {
  const seen = new Set()
  const stack = [...files]
  while (stack.length > 0) {
    const f = stack.pop()
    if (seen.has(f) || !sources[f]) continue
    seen.add(f)
    for (const dep of importsOf(f, sources[f].content ?? '', remappings)) stack.push(dep)
  }
  return seen
}

function runWorker(input, args, cwd) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { input, args, cwd } })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`solc worker exited with ${code}`))
    })
  })
}

/** Rewrites the file index (third field) of every entry of a compressed source map. */
function remapSourceMap(map, mapId) {
  if (typeof map !== 'string' || map === '') return map
  return map
    .split(';')
    .map((entry) => {
      const fields = entry.split(':')
      if (fields.length > 2 && fields[2] !== '' && fields[2] !== '-1') fields[2] = String(mapId(Number(fields[2])))
      return fields.join(':')
    })
    .join(';')
}

/** Rewrites the file index of every AST `src` ("start:length:file") in place. */
function remapAst(node, mapId) {
  if (Array.isArray(node)) {
    for (const n of node) remapAst(n, mapId)
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'src' && typeof v === 'string') {
        const f = v.split(':')
        if (f.length === 3 && f[2] !== '-1') node[k] = `${f[0]}:${f[1]}:${mapId(Number(f[2]))}`
      } else if (v && typeof v === 'object') remapAst(v, mapId)
    }
  }
}

async function compileChunked(input, args, cwd, chunkFiles) {
  const files = Object.keys(input.sources)
  const chunks = partition(input.sources, Math.ceil(files.length / chunkFiles))
  const selection = input.settings?.outputSelection ?? { '*': { '*': ['abi'] } }
  const remappings = input.settings?.remappings ?? []
  const jobs = chunks.map((chunk) => {
    const needed = closure(chunk, input.sources, remappings)
    const sources = Object.fromEntries([...needed].sort().map((f) => [f, input.sources[f]]))
    return JSON.stringify({
      ...input,
      sources,
      settings: { ...input.settings, outputSelection: selectionFor(selection, chunk) },
    })
  })
  const parallel = Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, jobs.length))
  const outputs = new Array(jobs.length)
  let next = 0
  async function lane() {
    while (next < jobs.length) {
      const i = next++
      outputs[i] = JSON.parse(await runWorker(jobs[i], args, cwd))
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane))
  // Global ids: one big run numbers the source units in sorted order.
  const allNames = new Set()
  for (const out of outputs) for (const name of Object.keys(out.sources ?? {})) allNames.add(name)
  const globalNames = [...allNames].sort()
  const globalId = new Map(globalNames.map((n, i) => [n, i]))
  const merged = { contracts: {}, sources: {}, errors: [] }
  const seen = new Set()
  outputs.forEach((out, index) => {
    const localNames = Object.entries(out.sources ?? {})
    const localToGlobal = new Map(localNames.map(([n, s]) => [s.id, globalId.get(n)]))
    const localCount = localNames.length
    const mapId = (id) => (localToGlobal.has(id) ? localToGlobal.get(id) : id - localCount + globalNames.length)
    const own = new Set(chunks[index])
    for (const [file, contracts] of Object.entries(out.contracts ?? {})) {
      for (const c of Object.values(contracts)) {
        for (const part of ['bytecode', 'deployedBytecode']) {
          if (c.evm?.[part]?.sourceMap) c.evm[part].sourceMap = remapSourceMap(c.evm[part].sourceMap, mapId)
        }
      }
      merged.contracts[file] = { ...(merged.contracts[file] ?? {}), ...contracts }
    }
    for (const [file, source] of localNames) {
      if (source.ast) remapAst(source.ast, mapId)
      const entry = { ...source, id: globalId.get(file) }
      // Prefer the entry from the chunk that owns the file (it carries the requested AST).
      if (!merged.sources[file] || own.has(file)) merged.sources[file] = entry
    }
    for (const error of out.errors ?? []) {
      const key = JSON.stringify(error)
      if (!seen.has(key)) {
        seen.add(key)
        merged.errors.push(error)
      }
    }
  })
  return JSON.stringify(merged)
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  if (args.version) {
    const solc = require('solc')
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`)
    return 0
  }
  if (!args.standardJson) {
    process.stderr.write('tools/solc.cjs supports only --version and --standard-json\n')
    return 1
  }
  const cwd = process.cwd()
  const raw = readStdin()
  const chunkFiles = Number(process.env.SOLC_WRAPPER_CHUNK_FILES ?? 24)
  let input
  try {
    input = JSON.parse(raw)
  } catch {
    input = undefined
  }
  const fileCount = input?.sources ? Object.keys(input.sources).length : 0
  const output =
    input && fileCount > chunkFiles ? await compileChunked(input, args, cwd, chunkFiles) : compile(raw, args, cwd)
  process.stdout.write(output)
  return 0
}

if (isMainThread) {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error) => {
      process.stderr.write(`${error?.stack ?? error}\n`)
      process.exitCode = 1
    },
  )
} else {
  parentPort.postMessage(compile(workerData.input, workerData.args, workerData.cwd))
}
