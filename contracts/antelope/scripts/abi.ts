/**
 * Antelope ABI helpers: canonical formatting (what is committed under `abi/antelope/`) and the breaking-change diff.
 */

/** The subset of an Antelope ABI the tooling reads. */
export interface AntelopeAbi {
  version: string
  types?: { new_type_name: string; type: string }[]
  structs: { name: string; base: string; fields: { name: string; type: string }[] }[]
  actions: { name: string; type: string; ricardian_contract?: string }[]
  tables: { name: string; type: string; index_type?: string; key_names?: string[]; key_types?: string[] }[]
  variants?: { name: string; types: string[] }[]
  [key: string]: unknown
}

/** Canonical text of an ABI: 2-space JSON with a trailing newline (the committed form). */
export function formatAbi(abi: unknown): string {
  return `${JSON.stringify(abi, null, 2)}\n`
}

/** One incompatible difference between a baseline ABI and a new one. */
export interface AbiBreak {
  kind:
    | 'action-removed'
    | 'action-type-changed'
    | 'table-removed'
    | 'table-type-changed'
    | 'struct-removed'
    | 'field-removed'
    | 'field-type-changed'
    | 'field-renamed-or-reordered'
    | 'field-added-not-extension'
    | 'type-alias-changed'
    | 'variant-changed'
  path: string
  detail: string
}

type Struct = AntelopeAbi['structs'][number]

/**
 * The breaking changes from `before` to `after`. Compatible: new actions, tables, structs, type aliases, and new trailing
 * binary-extension fields (type ending in `$`) of an existing struct. Breaking: a removed action/table/struct/field,
 * a changed field type, renamed or reordered fields, a new non-`$` field, a changed action or table row type, a changed
 * alias or variant.
 *
 * @example
 * ```ts
 * const breaks = diffAbi(JSON.parse(baseline), JSON.parse(current))
 * if (breaks.length > 0) process.exit(1)
 * ```
 */
export function diffAbi(before: AntelopeAbi, after: AntelopeAbi): AbiBreak[] {
  const breaks: AbiBreak[] = []
  const afterStructs = new Map(after.structs.map((s) => [s.name, s]))
  const afterActions = new Map(after.actions.map((a) => [a.name, a]))
  const afterTables = new Map(after.tables.map((t) => [t.name, t]))
  const afterTypes = new Map((after.types ?? []).map((t) => [t.new_type_name, t.type]))
  const afterVariants = new Map((after.variants ?? []).map((v) => [v.name, v.types]))

  for (const a of before.actions) {
    const n = afterActions.get(a.name)
    if (!n) breaks.push({ kind: 'action-removed', path: `actions.${a.name}`, detail: `action ${a.name} was removed` })
    else if (n.type !== a.type)
      breaks.push({
        kind: 'action-type-changed',
        path: `actions.${a.name}`,
        detail: `action ${a.name} type ${a.type} → ${n.type}`,
      })
  }
  for (const t of before.tables) {
    const n = afterTables.get(t.name)
    if (!n) breaks.push({ kind: 'table-removed', path: `tables.${t.name}`, detail: `table ${t.name} was removed` })
    else if (n.type !== t.type)
      breaks.push({
        kind: 'table-type-changed',
        path: `tables.${t.name}`,
        detail: `table ${t.name} row ${t.type} → ${n.type}`,
      })
  }
  for (const t of before.types ?? []) {
    const n = afterTypes.get(t.new_type_name)
    if (n !== t.type)
      breaks.push({
        kind: 'type-alias-changed',
        path: `types.${t.new_type_name}`,
        detail: `type ${t.new_type_name} = ${t.type} → ${n ?? '(removed)'}`,
      })
  }
  for (const v of before.variants ?? []) {
    const n = afterVariants.get(v.name)
    const ok = n !== undefined && v.types.every((t, i) => n[i] === t)
    if (!ok)
      breaks.push({
        kind: 'variant-changed',
        path: `variants.${v.name}`,
        detail: `variant ${v.name} [${v.types.join(', ')}] → ${n ? `[${n.join(', ')}]` : '(removed)'}`,
      })
  }
  for (const s of before.structs) {
    const n = afterStructs.get(s.name)
    if (!n) {
      breaks.push({ kind: 'struct-removed', path: `structs.${s.name}`, detail: `struct ${s.name} was removed` })
      continue
    }
    breaks.push(...diffStruct(s, n))
  }
  return breaks
}

function diffStruct(s: Struct, n: Struct): AbiBreak[] {
  const out: AbiBreak[] = []
  const base = `structs.${s.name}`
  if (s.base !== n.base) out.push({ kind: 'field-type-changed', path: base, detail: `base ${s.base} → ${n.base}` })
  s.fields.forEach((f, i) => {
    const g = n.fields[i]
    const p = `${base}.${f.name}`
    if (!g) {
      out.push({ kind: 'field-removed', path: p, detail: `field ${s.name}.${f.name} (position ${i}) was removed` })
    } else if (g.name !== f.name) {
      out.push({
        kind: 'field-renamed-or-reordered',
        path: p,
        detail: `field ${i} of ${s.name} was ${f.name}, now ${g.name}`,
      })
    } else if (g.type !== f.type) {
      out.push({ kind: 'field-type-changed', path: p, detail: `field ${s.name}.${f.name} type ${f.type} → ${g.type}` })
    }
  })
  for (const g of n.fields.slice(s.fields.length)) {
    if (!g.type.endsWith('$'))
      out.push({
        kind: 'field-added-not-extension',
        path: `${base}.${g.name}`,
        detail: `new field ${s.name}.${g.name} must be a trailing binary extension (type ${g.type}$)`,
      })
  }
  return out
}
