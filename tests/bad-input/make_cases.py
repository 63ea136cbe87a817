# Writes the case folders of tests/bad-input (run from the repository root: python3 tests/bad-input/make_cases.py).
# Edit the table and re-run it; each folder can also be written by hand (see run_case.sh for the format).
# Generates tests/bad-input case folders. Each: (name, args, files{name: bytes|str}, code, phrase, setup)
import os, sys, shutil
root = 'tests/bad-input'
A = "I ate the apple"
cases = []
def case(name, args, code, phrase, files=None, setup=None, stdin=None):
    cases.append((name, args, files or {}, code, phrase, setup, stdin))

LESSON_MANIFEST = 'title = "T"\n[[lesson]]\nslug = "one"\ntitle = "One"\nfile = "one.md"\n'
def lesson_case(name, md, code, phrase, extra=()):
    case(name, ['--no-input', '--lessons', '.', *extra, 'lesson', '1'], code, phrase,
         {'course.toml': LESSON_MANIFEST, 'one.md': md})

# --- command line: flags and values
case('unknown-subcommand', ['frobnicate'], 2, 'frobnicate')
case('unknown-flag', ['run', '--nope'], 2, '--nope')
case('heads-zero', ['run', '--heads', '0'], 2, '--heads')
case('heads-negative', ['run', '--heads', '-1'], 2, '--heads')
case('heads-huge', ['run', '--heads', '100000'], 2, '--heads')
case('heads-not-dividing', ['run', '--sentence', A, '--heads', '5', '--weights', 'random'], 2, 'not divisible by 5 heads')
case('d-k-zero', ['run', '--sentence', A, '--d-k', '0'], 2, '--d-k 0')
case('d-k-times-heads', ['run', '--sentence', A, '--heads', '64', '--d-k', '64'], 2, 'at most 1024')
case('precision-too-large', ['run', '--precision', '40'], 2, '--precision')
case('format-unknown', ['run', '--format', 'xml'], 2, '--format')
case('color-unknown', ['--color', 'purple'], 2, '--color')
case('step-zero', ['--no-input', 'lesson', '1', '--step', '0'], 2, '--step 0')
case('step-too-far', ['--no-input', 'lesson', '1', '--step', '99'], 2, '--step 99')
case('lesson-unknown', ['--no-input', 'lesson', 'no-such-lesson'], 2, 'no-such-lesson')
case('lesson-number-huge', ['--no-input', 'lesson', '99999999999999999999999'], 2, 'lesson')
case('reset-nothing', ['reset'], 2, "say what to reset")
case('reset-without-force', ['reset', '--all'], 2, '--force')
case('lessons-dir-missing', ['--lessons', 'nowhere', 'list'], 2, '--lessons nowhere: no such folder')
case('data-dir-missing', ['--data', 'nowhere', 'run'], 2, 'no such folder')
case('bench-sizes-zero', ['bench', '--sizes', '0'], 2, '--sizes')
case('bench-d-huge', ['bench', '--d', '100000'], 2, '--d 100000')
# --- sentences and words
case('unknown-word', ['run', '--sentence', 'I ate the zzyzx'], 2, 'zzyzx')
case('empty-sentence', ['run', '--sentence', ''], 2, 'sentence')
case('punctuation-sentence', ['run', '--sentence', '... !!!'], 2, 'sentence')
case('sentence-10000-words', ['run', '--sentence', ' '.join(['apple'] * 10000), '--format', 'json'], 2, 'more than 512 words')
case('transformer-10000-words', ['transformer', '--sentence', ' '.join(['apple'] * 10000)], 2, 'more than 512 words')
case('seq2seq-empty-target', ['seq2seq', '--target', ''], 2, '--target "" has no words')
case('seq2seq-dots-target', ['seq2seq', '--target', '...'], 2, '--target "..." has no words')
case('seq2seq-empty-source', ['seq2seq', '--source', '', '--target', 'le chat'], 2, '--source "" has no words')
case('seq2seq-unknown-source', ['seq2seq', '--source', 'zzyzx'], 2, 'zzyzx')
case('transformer-empty-decoder', ['transformer', '--decoder', ''], 2, '--decoder "" has no words')
case('explain-bad-cell', ['run', '--explain', 'apple'], 2, '--explain')
case('explain-huge-index', ['run', '--explain', '99999999999999999999,0'], 2, '--explain')
# --- CSV matrices and masks
case('csv-missing', ['run', '--q', 'missing.csv', '--k', 'missing.csv', '--v', 'missing.csv'], 2, 'missing.csv: cannot open')
case('csv-folder', ['run', '--q', 'sub', '--k', 'sub', '--v', 'sub'], 2, 'sub: that is a folder', setup='mkdir sub\n')
case('csv-not-a-number', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv:2: column 2 is "x"', {'m.csv': '1,2\n3,x\n'})
case('csv-nan', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'no NaN or Inf', {'m.csv': '1,nan\n'})
case('csv-inf', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'no NaN or Inf', {'m.csv': 'inf,1\n'})
case('csv-1e999', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'not a number', {'m.csv': '1e999,1\n'})
case('csv-ragged', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv:2: this row has 3 values', {'m.csv': '1,2\n1,2,3\n'})
case('csv-empty', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv: no numbers found', {'m.csv': '# only a comment\n\n'})
case('csv-empty-cell', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'column 2 is empty', {'m.csv': '1,,3\n'})
case('csv-bad-quote', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'not valid CSV', {'m.csv': '1,"2\n'})
case('csv-binary', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv:1', {'m.csv': b'\x00\xff\xfe,\x01\n'})
case('csv-shape-mismatch', ['run', '--q', 'q.csv', '--k', 'k.csv', '--v', 'k.csv'], 2, 'need the same number of columns', {'q.csv': '1,2\n', 'k.csv': '1,2,3\n'})
case('csv-too-wide', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'more than 1024 columns', {'m.csv': ','.join(['1'] * 1100) + '\n'})
case('csv-too-tall', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv:1025: more than 1024 rows', {'m.csv': '1\n' * 1100})
case('csv-too-many-scores', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv', '--heads', '8'], 2, '8000000 scores', {'m.csv': '1,1,1,1,1,1,1,1\n' * 1000})
case('csv-larger-than-16mib', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'larger than 16 MiB', setup="head -c 17000000 /dev/zero | tr '\\0' '1' > m.csv\n")
case('csv-dev-zero', ['run', '--x', '/dev/zero', '--wq', 'a', '--wk', 'a', '--wv', 'a'], 2, '/dev/zero: that is a device')
case('csv-fifo-endless', ['run', '--q', 'f.csv', '--k', 'f.csv', '--v', 'f.csv'], 2, 'f.csv: that is a named pipe (FIFO)',
     setup="mkfifo f.csv\n")  # no writer: attn must not wait for one
case('csv-symlink-loop', ['run', '--q', 'a.csv', '--k', 'a.csv', '--v', 'a.csv'], 2, 'a.csv', setup='ln -s b.csv a.csv; ln -s a.csv b.csv\n')
case('mask-not-binary', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv', '--mask', 'keep.csv'], 2, 'keep.csv', {'m.csv': '1,0\n0,1\n', 'keep.csv': '1,2\n1,1\n'})
case('mask-wrong-shape', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv', '--mask', 'keep.csv'], 2, 'keep.csv: the mask is (1, 2)', {'m.csv': '1,0\n0,1\n', 'keep.csv': '1,1\n'})
case('mask-all-zero', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv', '--mask', 'keep.csv'], 2, 'may attend to no key', {'m.csv': '1,0\n0,1\n', 'keep.csv': '0,0\n1,1\n'})
case('mask-unknown-kind', ['run', '--mask', 'sideways'], 2, 'sideways')
# --- overflow
case('overflow-scores', ['run', '--q', 'q.csv', '--k', 'k.csv', '--v', 'k.csv'], 2, 'Q·Kᵀ (1, 1) overflows at row 0, column 0', {'q.csv': '1e200,1\n', 'k.csv': '1e200,0\n'})
case('overflow-not-masked', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'overflows at row 0, column 0', {'m.csv': '1e308,1e308\n1e308,1e308\n'})
case('overflow-projection', ['run', '--x', 'x.csv', '--wq', 'w.csv', '--wk', 'w.csv', '--wv', 'w.csv'], 2, 'the queries Q = X·W_Q (1, 2) overflows', {'x.csv': '1e300,1e300\n', 'w.csv': '1e300,1\n1,1\n'})
case('softmax-temperature-underflow', ['softmax', '--logits', '2,1', '--temperature', '1e-320'], 2, 'overflows double precision')
case('softmax-temperature-zero', ['softmax', '--logits', '2,1', '--temperature', '0'], 2, '--temperature 0')
case('softmax-logits-nan', ['softmax', '--logits', 'nan,1'], 2, '--logits')
case('softmax-mask-length', ['softmax', '--logits', '1,2', '--mask', '1'], 2, '--mask has 1 entries')
# --- TOML data files
case('vocab-missing', ['run', '--sentence', A, '--vocab', 'nope'], 2, '--vocab nope: no such file')
case('vocab-toml-syntax', ['run', '--sentence', A, '--vocab', 'v.toml'], 2, 'v.toml:2', {'v.toml': 'dimensions = ["a"]\n[words\n'})
case('vocab-wrong-length', ['run', '--sentence', 'x', '--vocab', 'v.toml'], 2, "word 'x' has 2 numbers but there are 1 dimensions", {'v.toml': 'dimensions = ["a"]\n[words]\nx = [1, 2]\n'})
case('vocab-tomlplusplus-d1-a4', ['run', '--sentence', A, '--vocab', 'v.toml'], 2, 'v.toml', {'v.toml': b'\xd1\xa4'})
case('vocab-too-long-row', ['run', '--sentence', 'x', '--vocab', 'v.toml'], 2, 'at most 1024', {'v.toml': 'dimensions = ["a"]\n[words]\nx = [' + ','.join(['1'] * 1100) + ']\n'})
case('vocab-path-too-long', ['run', '--sentence', A, '--vocab', 'a' * 5000], 2, '--vocab')
case('weights-wrong-shape', ['run', '--sentence', A, '--weights', 'w.toml'], 2, 'w.toml', {'w.toml': 'w_q = [[1, 0]]\nw_k = [[1, 0]]\nw_v = [[1, 0]]\n'})
case('weights-missing-key', ['run', '--sentence', A, '--weights', 'w.toml'], 2, "w.toml:1: missing key 'w_k'", {'w.toml': 'w_q = [[1, 0]]\n'})
case('transformer-weights-missing', ['transformer', '--weights', 'none.toml'], 2, '--weights none.toml: no such file')
case('transformer-d-ff-huge', ['transformer', '--weights', 'random', '--d-ff', '5000'], 2, '--d-ff')
case('train-task-missing', ['train', '--task', 'nope'], 2, '--task nope')
case('train-save-folder', ['train', '--save', '.'], 2, 'that is a folder')
case('train-save-exists', ['train', '--save', 'w.toml'], 2, 'already exists', {'w.toml': 'keep me\n'})
# --- lessons, manifest
lesson_case('lesson-nested-lesson', '# One\n\n```attn\n--no-input lesson 1\n```\n', 2, 'cannot run inside a lesson')
lesson_case('lesson-nested-tab', '# One\n\n```attn\nlesson\t1\n```\n', 2, 'cannot run inside a lesson')
lesson_case('lesson-nested-next', '# One\n\n```attn\n--ascii next\n```\n', 2, 'cannot run inside a lesson')
lesson_case('lesson-nested-status', '# One\n\n```attn\n--ascii\n```\n', 2, 'cannot run inside a lesson')
lesson_case('lesson-info-entity', '# One\n\n```attn &amp;\nfrobnicate\n```\n', 2, 'one.md:4: this lesson\'s command failed')
lesson_case('lesson-empty-heading', '# One\n\ntext\n\n## \n\nmore\n', 2, 'one.md:5: this ## heading is empty')
lesson_case('lesson-empty-block', '# One\n\n```attn\n```\n', 2, 'one.md:3: this ```attn block is empty')
lesson_case('lesson-two-commands', '# One\n\n```attn\nrun\nrun\n```\n', 2, 'more than one line')
lesson_case('lesson-empty-file', '', 2, 'the lesson is empty')
lesson_case('lesson-failing-command', '# One\n\nBefore.\n\n```attn\nrun --sentence "zzz"\n```\n', 2, "one.md:6: this lesson's command failed")
case('manifest-missing-lesson', ['--no-input', '--lessons', '.', 'lesson', '1'], 2, 'gone.md', {'course.toml': 'title = "T"\n[[lesson]]\nslug = "one"\ntitle = "One"\nfile = "gone.md"\n'})
case('manifest-syntax', ['--lessons', '.', 'list'], 2, 'course.toml:1', {'course.toml': 'title = \n'})
case('manifest-tomlplusplus-d1-a4', ['--lessons', '.', 'list'], 2, 'course.toml', {'course.toml': b'\xd1\xa4'})
# --- progress
case('progress-fifo', ['list'], 2, 'progress.json is not a regular file', setup='mkdir -p state/attn; mkfifo state/attn/progress.json\n')
case('progress-step-1e300', ['--no-input', 'lesson', '1'], 0, '"step" must be a whole number', setup='mkdir -p state/attn; printf \'{"format":"attn-progress","version":1,"current":"why-attention","lessons":{"why-attention":{"step":1e300,"done":false}}}\' > state/attn/progress.json\n')
case('progress-corrupt', ['list'], 0, 'the old file is kept as', setup='mkdir -p state/attn; printf "{not json" > state/attn/progress.json\n')

# --- special files (issue 27): a FIFO, a device or a folder where a file is expected: exit 2, never a wait
MANIFEST_ONE = LESSON_MANIFEST
case('lesson-fifo', ['--no-input', '--lessons', '.', 'lesson', '1'], 2, 'one.md: that is a named pipe (FIFO)',
     {'course.toml': MANIFEST_ONE}, setup='mkfifo one.md\n')
case('lesson-device', ['--no-input', '--lessons', '.', 'lesson', '1'], 2, 'one.md: that is a device',
     {'course.toml': MANIFEST_ONE}, setup='ln -s /dev/zero one.md\n')
case('lesson-folder', ['--no-input', '--lessons', '.', 'lesson', '1'], 2, 'one.md: that is a folder',
     {'course.toml': MANIFEST_ONE}, setup='mkdir one.md\n')
case('manifest-fifo', ['--lessons', '.', 'list'], 2, 'course.toml: that is a named pipe (FIFO)', setup='mkfifo course.toml\n')
case('glossary-fifo', ['--lessons', '.', 'glossary', 'logit'], 2, 'glossary.toml: that is a named pipe (FIFO)',
     {'course.toml': MANIFEST_ONE, 'one.md': '# One\n\ntext\n'}, setup='mkfifo glossary.toml\n')
case('csv-x-fifo', ['run', '--x', 'x.csv', '--wq', 'w.csv', '--wk', 'w.csv', '--wv', 'w.csv'], 2, 'x.csv: that is a named pipe (FIFO)',
     {'w.csv': '1,0\n0,1\n'}, setup='mkfifo x.csv\n')
case('weights-preset-fifo', ['run', '--vocab', 'v.toml'], 2, 'weights.toml: that is a named pipe (FIFO)',
     {'v.toml': open('data/apple/vocab.toml').read()}, setup='mkfifo weights.toml\n')
WS = '.local/share/attn/workspace'
case('workspace-diff-fifo', ['workspace', 'diff'], 2, 'apple/weights.toml: that is a named pipe (FIFO)',
     setup=f'mkdir -p {WS}/apple && mkfifo {WS}/apple/weights.toml\n')
case('workspace-diff-folder', ['workspace', 'diff'], 2, 'apple/weights.toml: that is a folder',
     setup=f'mkdir -p {WS}/apple/weights.toml\n')
case('train-save-fifo', ['train', '--epochs', '1', '--checkpoints', '0', '--save', 'f.toml', '--force'], 2, 'f.toml: a named pipe (FIFO) that nothing reads from',
     setup='mkfifo f.toml\n')
# --- text from outside is UTF-8 (issue 27): exit 2 with the byte offset
case('softmax-labels-not-utf8', ['softmax', '--labels', b'\xff,b,c', '--format', 'json'], 2, 'not UTF-8 at byte 0 (0xFF)')
case('run-labels-not-utf8', ['run', '--labels', b'a b\xc3(', '--format', 'json'], 2, 'not UTF-8 at byte 3 (0xC3)')
case('run-sentence-not-utf8', ['run', '--sentence', b'I ate the \xe9', '--format', 'svg'], 2, 'not UTF-8 at byte 10 (0xE9)')
case('run-word-not-utf8', ['run', '--word', b'\xc0\x80', '--format', 'json'], 2, 'not UTF-8 at byte 0 (0xC0)')
case('seq2seq-source-not-utf8', ['seq2seq', '--source', b'le \xed\xa0\x80'], 2, 'not UTF-8 at byte 3 (0xED)')
case('transformer-labels-not-utf8', ['transformer', '--labels', b'\xfe'], 2, 'not UTF-8 at byte 0 (0xFE)')
case('export-sentence-not-utf8', ['export', 'run', '--sentence', b'I \xff', '-o', 'out'], 2, 'not UTF-8 at byte 2')
lesson_case('lesson-not-utf8', b'# One\n\nok\n\xff\n', 2, 'one.md:4: not UTF-8 at byte 10 (0xFF)')
case('manifest-not-utf8', ['--lessons', '.', 'list'], 2, 'course.toml:1: not UTF-8 at byte 9', {'course.toml': b'title = "\xff"\n'})
case('csv-not-utf8', ['run', '--q', 'm.csv', '--k', 'm.csv', '--v', 'm.csv'], 2, 'm.csv:2: not UTF-8 at byte 6', {'m.csv': b'1,2\n3,\x80\n'})
# --- numbers that used to wrap or be ignored (issue 27)
HAND = '# One\n\n## Step\n\n```question\nid = "q"\nkind = "hand"\nprompt = "p"\ncommand = "run"\nquery = "apple"\nkey = "ate"\nhead = 4294967296\n```\n'
lesson_case('hand-head-2-to-32', HAND, 2, 'one.md:12: head must be a whole number from 0 to 255')
case('seed-2-to-64', ['train', '--seed', '18446744073709551616'], 2, 'at most 18446744073709551615')
TASK = open('data/train/apple-sense.toml').read()
case('train-task-d-k-fraction', ['train', '--task', 't.toml'], 2, 't.toml:77: d_k must be a whole number from 1 to 1024',
     {'t.toml': TASK.replace('d_k = 3', 'd_k = 2.5').replace('"../apple/vocab.toml"', '"v.toml"'),
      'v.toml': open('data/apple/vocab.toml').read()})
case('train-task-lr-text', ['train', '--task', 't.toml'], 2, 't.toml:75: lr must be a number',
     {'t.toml': TASK.replace('lr = 0.02', 'lr = "fast"').replace('"../apple/vocab.toml"', '"v.toml"'), 'v.toml': open('data/apple/vocab.toml').read()})

def write(path, content):
    with open(path, 'wb') as f:
        f.write(content if isinstance(content, bytes) else content.encode())

for i, (name, args, files, code, phrase, setup, stdin) in enumerate(cases):
    d = os.path.join(root, name)
    if os.path.exists(d): shutil.rmtree(d)
    os.makedirs(d)
    write(os.path.join(d, 'args'), b''.join((a if isinstance(a, bytes) else a.encode()) + b'\n' for a in args))
    write(os.path.join(d, 'expect'), f'{code}\n{phrase}\n')
    for fname, content in files.items():
        os.makedirs(os.path.dirname(os.path.join(d, fname)), exist_ok=True)
        write(os.path.join(d, fname), content)
    if setup: write(os.path.join(d, 'setup.sh'), setup)
    if stdin is not None: write(os.path.join(d, 'stdin'), stdin)
print(len(cases), 'cases')
