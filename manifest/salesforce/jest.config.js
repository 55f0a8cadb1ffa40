// Run from this folder (sfdx-lwc-jest finds the LWC bundles through sfdx-project.json).
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  testPathIgnorePatterns: [...jestConfig.testPathIgnorePatterns, '<rootDir>/.sfdx/', '<rootDir>/.sf/'],
};
