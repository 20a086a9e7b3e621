// diff_duckdb.mjs - DuckDB peer for tests/bench/diff-bench.sh.
//
//	node diff_duckdb.mjs OUT.csv A.csv B.csv C.csv
//
// The reconciliation a DuckDB user writes: read_csv with its defaults (type
// inference), a FULL JOIN of the three files on the key (code, id), and per
// non-key column `IS DISTINCT FROM` between every two files that hold the
// key; the rows of the keys that differ somewhere are written with COPY to
// OUT.csv (key, then every column's value in each file).  Prints one JSON
// object: the number of rows written.  DuckDB uses all cores (its default).
import { DuckDBInstance } from '@duckdb/node-api';

const [out, ...files] = process.argv.slice(2);
if (files.length !== 3) {
  process.stderr.write('usage: node diff_duckdb.mjs OUT a.csv b.csv c.csv\n');
  process.exit(64);
}
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const cols = ['order_date', 'created_at', 'price', 'quantity', 'is_gift', 'zip', 'comment',
  'email', 'category', 'rating'];
const t = ['a', 'b', 'c'];
const pairs = [['a', 'b'], ['a', 'c'], ['b', 'c']];
const withs = files.map((f, i) => `${t[i]} AS (SELECT *, true AS p FROM read_csv(${lit(f)}))`);
const select = cols.flatMap((c) => t.map((x) => `${x}.${c} AS ${x}_${c}`)).join(', ');
const where = cols.flatMap((c) => pairs.map(([x, y]) =>
  `(${x}.p AND ${y}.p AND ${x}.${c} IS DISTINCT FROM ${y}.${c})`)).join(' OR ');
const sql = `COPY (WITH ${withs.join(', ')}
  SELECT code, id, ${select}
  FROM a FULL JOIN b USING (code, id) FULL JOIN c USING (code, id)
  WHERE ${where}) TO ${lit(out)} (HEADER, DELIMITER ',')`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const r = await con.runAndReadAll(sql);
const rows = r.getRows();
process.stdout.write(JSON.stringify({ rows: Number(rows.length ? rows[0][0] : 0) }) + '\n');
