// The page's watch for an app that cannot start or stops (crash.js). Loaded before the app's own
// script (boot.js), so it is listening from the start.
import { watchPage } from './crash.js';

watchPage();
