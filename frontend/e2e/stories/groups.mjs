/** A private group: create, invite a friend, give them a role, "seen by", kick. */
import { log, openSection, send, TIMEOUT } from '../lib/app.mjs'
import { screenshot } from '../lib/harness.mjs'

function panel(page) {
  return page.locator('[data-group-panel]')
}

async function openPanelTab(page, tab) {
  if (!(await panel(page).isVisible())) await page.getByRole('button', { name: 'Group info' }).click()
  await panel(page).getByRole('tab', { name: tab }).click()
}

export async function createGroup({ pages, group }) {
  const { alice } = pages
  await openSection(alice, 'Groups')
  await screenshot(alice, 'desktop-groups')
  await alice.getByRole('link', { name: 'New group' }).click()
  await alice.getByLabel('Name').fill(group.name)
  await alice.getByLabel('Description').fill('Where the team talks')
  await alice.getByRole('button', { name: 'Create group' }).click()
  await alice.getByRole('heading', { level: 1, name: group.name }).waitFor({ timeout: TIMEOUT })
  await log(alice).getByText('You created the group').waitFor({ timeout: TIMEOUT })
}

export async function inviteAndJoin({ pages, users, group }) {
  const { alice, bob } = pages
  await openSection(bob, 'Groups')
  await openPanelTab(alice, 'Info')
  await panel(alice).getByRole('button', { name: `Invite ${users.bob.name}` }).click()
  await panel(alice).getByText('Invited').waitFor({ timeout: TIMEOUT })
  await screenshot(alice, 'desktop-group-info')

  // The invitation reaches Bob live, on the Groups screen and as a notification.
  const invitation = bob.locator('[data-invitation]', { hasText: group.name })
  await invitation.waitFor({ timeout: TIMEOUT })
  await openSection(bob, 'Notifications')
  await bob.getByText(`${users.alice.name} invited you to ${group.name}`).waitFor({ timeout: TIMEOUT })
  await screenshot(bob, 'desktop-notifications')
  await bob.getByRole('button', { name: 'Join' }).first().click()
  await bob.getByRole('heading', { level: 1, name: group.name }).waitFor({ timeout: TIMEOUT })
  // "you" inside a sentence (a text locator ignores case, a regular expression does not).
  await log(alice).getByText(new RegExp(`${users.bob.name} joined, invited by you`)).waitFor({ timeout: TIMEOUT })
}

export async function seenByInGroup({ pages }) {
  const { alice, bob } = pages
  await send(alice, 'Welcome to the team')
  await log(bob).getByText('Welcome to the team', { exact: true }).waitFor({ timeout: TIMEOUT })
  await log(alice).getByText('Seen by 1').first().waitFor({ timeout: TIMEOUT })
}

export async function changeRole({ pages, users }) {
  const { alice, bob } = pages
  await openPanelTab(alice, 'Roles')
  await panel(alice).getByRole('button', { name: 'New role' }).click()
  await panel(alice).getByLabel('Role name').fill('Moderator')
  await panel(alice).getByLabel('Kick members').check()
  await panel(alice).getByRole('button', { name: 'Create role' }).click()
  await panel(alice).locator('[data-role-name="Moderator"]').waitFor({ timeout: TIMEOUT })
  await screenshot(alice, 'desktop-group-roles')

  await openPanelTab(alice, 'Members')
  await panel(alice).getByLabel(`Role of ${users.bob.name}`).selectOption({ label: 'Moderator' })
  await log(bob).getByText(new RegExp(`${users.alice.name} gave you the role “Moderator”`)).waitFor({ timeout: TIMEOUT })
  // Bob's own view of the members follows live.
  await bob.getByRole('button', { name: 'Group info' }).click()
  await panel(bob).getByRole('tab', { name: 'Members' }).click()
  await panel(bob).locator(`[data-member][data-username="${users.bob.username}"]`).getByText('Moderator').waitFor({ timeout: TIMEOUT })
  await screenshot(alice, 'desktop-group-members')
}

export async function kick({ pages, users }) {
  const { alice, bob } = pages
  await panel(alice).getByRole('button', { name: `Kick ${users.bob.name}` }).click()
  await alice.getByRole('dialog').getByRole('button', { name: 'Kick' }).click()
  await log(alice).getByText(`You removed ${users.bob.name}`).waitFor({ timeout: TIMEOUT })
  // Bob's chat goes away live.
  await bob.getByText('Conversation not found').waitFor({ timeout: TIMEOUT })
  await bob.getByRole('button', { name: 'Group info' }).waitFor({ state: 'detached', timeout: TIMEOUT })
}
