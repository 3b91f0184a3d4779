// Module resolve hook: resolves workspace packages to their TypeScript sources (the `@spaceos/source` export
// condition), as `node --conditions=@spaceos/source` would. Used only when the package is run from source.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@spaceos/source')
    ? context.conditions
    : ['@spaceos/source', ...context.conditions]
  return nextResolve(specifier, { ...context, conditions })
}
