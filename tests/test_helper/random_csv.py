# Random byte soup built from CSV-significant pieces, for robustness tests.
# Usage: random_csv.py SEED > file
import random, sys
seed = int(sys.argv[1]); random.seed(seed)
alphabet = ['a', 'b', ' ', '\t', ',', '"', '\n', '\r', '\r\n', '""', '1', '0', '-', '.', 'e', 'NA', '\xff', 'é', '\x00', ';']
n = random.randint(0, 400)
out = ''.join(random.choice(alphabet) for _ in range(n))
sys.stdout.buffer.write(out.encode('utf-8', 'surrogateescape') if '\xff' not in out else out.encode('latin-1', 'replace'))
