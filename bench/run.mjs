// `npm run bench`: registers tsx so the harness itself is TypeScript (bench/*.ts).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
