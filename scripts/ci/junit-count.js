// Prints "<passed> <failed> <skipped>" from a jest-junit report (default test-reports/junit.xml).
const fs = require('fs');
const xml = fs.readFileSync(process.argv[2] ?? 'test-reports/junit.xml', 'utf8');
const head = /<testsuites\b([^>]*)>/.exec(xml);
if (!head) throw new Error('no <testsuites> element in the jest-junit report');
const attribute = (attributes, name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(attributes) ?? [])[1] ?? 0);
const failed = attribute(head[1], 'failures') + attribute(head[1], 'errors');
const skipped = [...xml.matchAll(/<testsuite\b([^>]*)>/g)].reduce((sum, suite) => sum + attribute(suite[1], 'skipped'), 0);
console.log(`${attribute(head[1], 'tests') - failed - skipped} ${failed} ${skipped}`);
