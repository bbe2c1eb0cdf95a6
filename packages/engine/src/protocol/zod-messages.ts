// zod/mini (what the protocol's schemas are built with, for a start-up that does not pay for
// zod's method chains) says only "Invalid input" unless given a locale. The two readers whose
// messages reach a person load the English one: an event a window does not understand and a
// release upgrade's unreadable journal then say what field is wrong and how.
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
