import { readFileSync } from 'node:fs';
import { convertText } from '../lib/convert/index';
const r = convertText(readFileSync(process.argv[2]!, 'utf8'));
if (!r.ok) console.log('REFUSED', r.message);
else {
  console.log(JSON.stringify(r.pack.sequences, null, 2));
  for (const w of r.warnings) console.log(JSON.stringify([w.step, w.path, w.message]));
}
