import { openDatabase } from '../store/index.ts';
import { readSettings } from './settings.ts';

/** Brings the database up to date and exits (`serve` does this too, at start). */
export async function migrateCommand(): Promise<number> {
  const settings = await readSettings();
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir });
  await database.close();
  console.log(`database up to date (${database.kind})`);
  return 0;
}
