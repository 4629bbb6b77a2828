/**
 * `npm run bench -- <name>`: runs test/bench/<name>.ts. Benchmarks print numbers; they never
 * assert on time (tests do not either: speed varies by machine).
 */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  process.stderr.write("usage: npm run bench -- <name>   (a file test/bench/<name>.ts, e.g. engine)\n");
  process.exit(2);
}
try {
  await import(`./${name}.ts`);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND" || !String((error as Error).message).includes(`${name}.ts`)) throw error;
  process.stderr.write(`bench: no benchmark test/bench/${name}.ts\n`);
  process.exit(2);
}
