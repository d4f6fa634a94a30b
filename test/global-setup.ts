// Starts the local stand-ins that Worker tests talk to over loopback, and hands their URLs to the tests.
import type { TestProject } from 'vitest/node';
import { startSendGridStandin } from './standins/sendgrid-standin';

export const SENDGRID_TEST_KEY = 'SG.workerd-test-key';

export default async function setup(project: TestProject) {
  const sendgrid = await startSendGridStandin(SENDGRID_TEST_KEY);
  project.provide('sendgridStandinUrl', sendgrid.url);
  return async () => sendgrid.close();
}
