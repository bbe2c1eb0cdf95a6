// Plain node is our qode: nodegui's `qode` bin and its build files ask this package only for
// the executable's path. No postinstall, so nothing is downloaded.
/* global module -- CommonJS, as nodegui's scripts require() it */
'use strict';

module.exports = { qodePath: process.execPath };
