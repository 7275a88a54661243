import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from './process.js';

const real = new ESLint({ cwd: repoRoot });

/**
 * Lints `code` as if it were the file `filePath`, with the import and global restrictions the
 * repository's real ESLint configuration applies there (and nothing else), for the lint-boundary
 * tests.
 */
export async function lintAs(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const config = (await real.calculateConfigForFile(filePath)) as Linter.Config;
  const rules: Linter.RulesRecord = {};
  for (const name of ['no-restricted-imports', 'no-restricted-globals']) {
    const setting = config.rules?.[name];
    if (setting !== undefined) {
      rules[name] = setting;
    }
  }
  const probe = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules }],
  });
  const [result] = await probe.lintText(code, { filePath });
  return result?.messages ?? [];
}
