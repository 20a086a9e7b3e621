// pipeline_duckdb.mjs - DuckDB peer for tests/bench/pipeline-bench.sh.
//
//	node pipeline_duckdb.mjs summary A.csv B.csv C.csv
//	node pipeline_duckdb.mjs matrix OUT.csv A.csv B.csv C.csv
//	node pipeline_duckdb.mjs plain OUT.csv A.csv B.csv C.csv
//
// summary: UNION ALL of read_csv over the files (every column VARCHAR, so
//          keys and rows are compared as text, like the vi tools), GROUP BY
//          the key (code, id) with bool_or per file, then the Venn regions,
//          "changed" (keys in two files or more with more than one distinct
//          hash of the ten non-key columns) and the keys seen more than once
//          per file; prints one JSON object.
// matrix:  the same GROUP BY, written with COPY as code,id,a,b,c (0/1) to
//          OUT.csv (not ordered: vi-presence's matrix is in key order, which
//          DuckDB is spared here).
// plain:   the job a user writes (issue 10): read_csv with its defaults
//          (types inferred), GROUP BY the key with bool_or per file into a
//          temporary table, COPY it to OUT.csv, and the Venn counts from it;
//          prints the counts as JSON.  No row hashes (DuckDB's query does
//          not look for changed rows).
// DuckDB uses all cores (its default threads setting).
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const mode = args.shift();
const out = mode === 'matrix' || mode === 'plain' ? args.shift() : null;
if (!['summary', 'matrix', 'plain'].includes(mode) || args.length !== 3) {
  process.stderr.write('usage: node pipeline_duckdb.mjs summary|matrix|plain [out] a b c\n');
  process.exit(64);
}
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const rest = 'order_date, created_at, price, quantity, is_gift, zip, comment, email, category, rating';
const part = (f, i) =>
  `SELECT ${1 << i} AS f, code, id${mode === 'summary' ? `, hash(${rest}) AS h` : ''} ` +
  `FROM read_csv(${lit(f)}, header = true, all_varchar = true)`;
const u = args.map(part).join(' UNION ALL ');

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
if (mode === 'plain') {
  const u3 = args.map((f, i) => `SELECT ${1 << i} AS f, code, id FROM read_csv(${lit(f)})`)
    .join(' UNION ALL ');
  await con.run(`CREATE TEMP TABLE k AS SELECT code, id, bool_or(f = 1)::int AS a,
    bool_or(f = 2)::int AS b, bool_or(f = 4)::int AS c FROM (${u3}) GROUP BY code, id`);
  await con.run(`COPY k TO ${lit(out)} (HEADER, DELIMITER ',')`);
  const r = await con.runAndReadAll(`SELECT a, b, c, count(*) AS n FROM k GROUP BY a, b, c ORDER BY a, b, c`);
  const venn = {};
  for (const row of r.getRowObjects()) {
    const name = (row.a ? 'a' : '') + (row.b ? 'b' : '') + (row.c ? 'c' : '');
    venn[name] = Number(row.n);
  }
  process.stdout.write(JSON.stringify({ venn }) + '\n');
} else if (mode === 'matrix') {
  await con.run(`COPY (SELECT code, id, bool_or(f = 1)::int AS a, bool_or(f = 2)::int AS b,
    bool_or(f = 4)::int AS c FROM (${u}) GROUP BY code, id) TO ${lit(out)} (HEADER, DELIMITER ',')`);
  process.stdout.write('{}\n');
} else {
  const r = await con.runAndReadAll(`
    WITH k AS (
      SELECT bool_or(f = 1)::int + 2 * bool_or(f = 2)::int + 4 * bool_or(f = 4)::int AS reg,
             count(DISTINCT h) AS nh,
             count(*) FILTER (WHERE f = 1) AS na, count(*) FILTER (WHERE f = 2) AS nb,
             count(*) FILTER (WHERE f = 4) AS nc
      FROM (${u}) GROUP BY code, id)
    SELECT reg, count(*) AS keys,
           count(*) FILTER (WHERE nh > 1 AND reg NOT IN (1, 2, 4)) AS changed,
           count(*) FILTER (WHERE na > 1) AS da, count(*) FILTER (WHERE nb > 1) AS db,
           count(*) FILTER (WHERE nc > 1) AS dc,
           sum(na) AS ra, sum(nb) AS rb, sum(nc) AS rc
    FROM k GROUP BY reg ORDER BY reg`);
  const names = { 1: 'a', 2: 'b', 4: 'c', 3: 'ab', 5: 'ac', 6: 'bc', 7: 'abc' };
  const res = { venn: {}, changed: 0, duplicate_keys: [0, 0, 0], records: [0, 0, 0] };
  for (const row of r.getRowObjects()) {
    const n = (v) => Number(v);
    res.venn[names[n(row.reg)]] = n(row.keys);
    res.changed += n(row.changed);
    res.duplicate_keys[0] += n(row.da); res.duplicate_keys[1] += n(row.db);
    res.duplicate_keys[2] += n(row.dc);
    res.records[0] += n(row.ra); res.records[1] += n(row.rb); res.records[2] += n(row.rc);
  }
  process.stdout.write(JSON.stringify(res) + '\n');
}
