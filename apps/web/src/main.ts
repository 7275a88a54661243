import { ParleyClient } from '@parley/client';

// The web client is being built: this entry only proves the SDK bundles for the browser.
document.documentElement.dataset['sdk'] = typeof ParleyClient;
