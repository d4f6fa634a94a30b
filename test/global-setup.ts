// Starts the local stand-ins that Worker tests talk to over loopback, and hands their URLs to the tests.
import type { TestProject } from 'vitest/node';
import { startGhnStandin } from './standins/ghn-standin';
import { startGhtkStandin } from './standins/ghtk-standin';
import { startOpenAIStandin } from './standins/openai-standin';
import { startSendGridStandin } from './standins/sendgrid-standin';
import { startSepayStandin } from './standins/sepay-standin';

export const SENDGRID_TEST_KEY = 'SG.workerd-test-key';
export const GHN_TEST_TOKEN = 'ghn-test-token';
export const GHN_TEST_SHOP = '885';
export const GHTK_TEST_TOKEN = 'ghtk-test-token';
export const GHTK_TEST_CLIENT = 'S1234567';
export const SEPAY_TEST_TOKEN = 'sepay-api-test-token';
export const OPENAI_TEST_KEY = 'sk-standin-test-key';

export default async function setup(project: TestProject) {
  const sendgrid = await startSendGridStandin(SENDGRID_TEST_KEY);
  const ghn = await startGhnStandin(GHN_TEST_TOKEN, GHN_TEST_SHOP);
  project.provide('sendgridStandinUrl', sendgrid.url);
  project.provide('ghnStandinUrl', ghn.url);
  const sepay = await startSepayStandin(SEPAY_TEST_TOKEN);
  project.provide('sepayStandinUrl', sepay.url);
  const ghtk = await startGhtkStandin(GHTK_TEST_TOKEN, GHTK_TEST_CLIENT);
  project.provide('ghtkStandinUrl', ghtk.url);
  const openai = await startOpenAIStandin(OPENAI_TEST_KEY);
  project.provide('openaiStandinUrl', openai.url);
  return async () => {
    await sepay.close();
    await ghtk.close();
    await sendgrid.close();
    await ghn.close();
    await openai.close();
  };
}
