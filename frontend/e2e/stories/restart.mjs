/** The gateway restarts; a message sent meanwhile reaches the other side exactly once. */
import { countText, log, openChat, send, TIMEOUT } from '../lib/app.mjs'
import { assert, startGateway, stopGateway } from '../lib/harness.mjs'

export async function survivesGatewayRestart({ pages, users }) {
  const { alice, bob } = pages
  await openChat(alice, users.bob.name)
  await openChat(bob, users.alice.name)
  const text = `Sent while the gateway restarts ${Date.now()}`

  await stopGateway()
  await alice.getByText('Reconnecting…').waitFor({ timeout: TIMEOUT })
  await send(alice, text) // REST still works: the API is up
  await log(alice).getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT })
  await startGateway()

  await log(bob).getByText(text, { exact: true }).waitFor({ timeout: 20_000 })
  await alice.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 })
  await bob.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 })
  // Resumed events must not add a second copy.
  await bob.waitForTimeout(1000)
  assert((await countText(bob, text)) === 1, `Bob sees the message ${await countText(bob, text)} times`)
  assert((await countText(alice, text)) === 1, `Alice sees the message ${await countText(alice, text)} times`)

  // And live delivery works again.
  await send(bob, 'Back online')
  await log(alice).getByText('Back online', { exact: true }).waitFor({ timeout: TIMEOUT })
}
