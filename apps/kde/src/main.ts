// The KDE window's entry point (bin/ltsp-update-kde.js imports it once the process title is set).
export { startApplication } from './application.js';
