// Browser tests run under Mocha (web-test-runner's default framework), which provides describe/it
// and the hooks as globals; the root tsconfig lists only Node's types, so they are added here.
/// <reference types="mocha" />
