import 'reflect-metadata';
import { loadConfig } from './src/config.js';
import { ormOptions } from './src/db.js';

// Used by the mikro-orm CLI; the server builds the same options from the same environment.
export default ormOptions(loadConfig());
