/**
 * Browser tests: two users in two browser contexts of Debian's Chromium,
 * against the stack scripts/browser-test starts (the account and security
 * stories add users and contexts of their own, read the caught mail, and use
 * Chromium's virtual passkey authenticator). Prints
 * "N passed, N failed".
 */
import { chromium } from 'playwright-core'

import { env, runStories } from './lib/harness.mjs'
import { axeSweep } from './stories/accessibility.mjs'
import { adminDisablesUser } from './stories/admin.mjs'
import { apiReference } from './stories/apiDocs.mjs'
import { confirmEmailFromMail, forgotPasswordByMail, phoneAccountScreens, revokeAnotherSession } from './stories/accounts.mjs'
import { draftsFollow } from './stories/drafts.mjs'
import { editHistory, forwardToGroup } from './stories/forwarding.mjs'
import { hostileTextIsText } from './stories/hostileText.mjs'
import { altArrowsMoveThroughChats, arrowUpEditsLast, escapeClosesPanels, quickSwitcher, shortcutsHelp } from './stories/keyboard.mjs'
import { bannerKeepsNewest, layoutsAtEveryWidth, themedScreens } from './stories/layouts.mjs'
import { languageScreens, rtlMirrored } from './stories/languages.mjs'
import { linkPreviewLive } from './stories/linkPreview.mjs'
import { uploadAndViewImage } from './stories/media.mjs'
import { exportData, passkeyLogin, twoStepLogin } from './stories/security.mjs'
import { mentionLive, pinLive, reactLive, searchAndJump } from './stories/messageFeatures.mjs'
import { installable, mutedChatStaysQuiet, offlineShell, pushShowsAndOpens, pushSwitchSaysWhy } from './stories/notifications.mjs'
import { inviteLinkJoin, reportAndSettle, slowmodeTimeoutAuditEmoji } from './stories/moderation.mjs'
import { offlineQueue } from './stories/offlineQueue.mjs'
import { searchOperators } from './stories/searchOperators.mjs'
import { threadLive } from './stories/threads.mjs'
import { changeRole, createGroup, inviteAndJoin, kick, seenByInGroup } from './stories/groups.mjs'
import { befriend, chatLive, composerFocusedOnOpen, signUpBoth } from './stories/people.mjs'
import { survivesGatewayRestart } from './stories/restart.mjs'
import { desktopSettings, phoneMessageFeatures, phoneScreens } from './stories/screens.mjs'
import { invitationBadge, unreadEverywhere } from './stories/unread.mjs'
import { recordAndPlayVoice } from './stories/voice.mjs'

const DESKTOP = { width: 1280, height: 800 }
const suffix = Date.now().toString(36).slice(-5)
/** A word no other message has, letters only (so full-text search keeps it whole). */
const searchWord = `quokka${[...suffix].map((c) => String.fromCharCode(97 + (parseInt(c, 36) % 26))).join('')}`

const browser = await chromium.launch({
  executablePath: process.env.CONFAB_E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // A microphone that beeps, granted without a prompt (the voice message story).
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ],
})

const contexts = {
  alice: await browser.newContext({ viewport: DESKTOP, permissions: ['microphone'] }),
  bob: await browser.newContext({ viewport: DESKTOP, permissions: ['microphone'] }),
}
const pages = { alice: await contexts.alice.newPage(), bob: await contexts.bob.newPage() }
for (const [who, page] of Object.entries(pages)) {
  page.setDefaultTimeout(10_000)
  page.on('pageerror', (e) => console.log(`[${who}] page error: ${e.message}`))
}

const ctx = {
  browser,
  contexts,
  pages,
  users: {
    alice: { username: `alice_${suffix}`, name: 'Alice Adams' },
    bob: { username: `bob_${suffix}`, name: 'Bob Brown' },
  },
  group: { name: `Team ${suffix}` },
  suffix,
  search: { word: searchWord },
}

/** CONFAB_E2E_ONLY=<regex>: only the stories whose names match (for working on ones that need no others). */
const only = process.env.CONFAB_E2E_ONLY ? new RegExp(process.env.CONFAB_E2E_ONLY, 'i') : null

console.log(`browser tests against ${env.baseUrl}`)
const stories = [
  ['two people sign up', signUpBoth],
  ['they become friends', befriend],
  ['they chat live: messages, typing, seen', chatLive],
  ['a chat opens with the composer focused (desktop)', composerFocusedOnOpen],
  ['an image is uploaded and viewed', uploadAndViewImage],
  ['a voice message is recorded, sent, and played at 1.5× on the other side', recordAndPlayVoice],
  ['a group is created', createGroup],
  ['a friend is invited and joins', inviteAndJoin],
  ['"seen by N" in the group', seenByInGroup],
  ['a role is created and given', changeRole],
  ['a member is kicked', kick],
  ['a message sent during a gateway restart arrives once', survivesGatewayRestart],
  ['a 👍 shows live on the other side, counted once', reactLive],
  ['a pinned message shows in the pins panel', pinLive],
  ['a mention shows as a badge and a notification that opens the message', mentionLive],
  ['a search result opens the chat at the message', searchAndJump],
  ['threads: Alice opens a thread and sees Bob’s reply live in it and under the root; a reply in a thread she follows is an unread badge while she is elsewhere, gone once read', threadLive],
  ['search operators: from: and has:image typed with the suggestions find the picture and land on it; in:thread opens the thread at the reply; a bad operator is said by the box', searchOperators],
  ['a message is forwarded to a group; the copy links to the original', forwardToGroup],
  ['an edited message shows its earlier versions', editHistory],
  ['hostile message text (HTML, javascript: and data: links, a bidi override) renders as text on both sides', hostileTextIsText],
  ['a link gets a preview card live, its picture served by Confab, never by the page\'s server', linkPreviewLive],
  ['reactions, pins and search at phone width', phoneMessageFeatures],
  ['settings (desktop screenshot)', desktopSettings],
  ['main screens at phone width', phoneScreens],
  ['layouts at 1440, 1280, 1024, 768 and 390 px never scroll sideways or cut anything off, each panel open in turn', layoutsAtEveryWidth],
  ['the reconnecting banner leaves the newest message in view above the composer', bannerKeepsNewest],
  ['main screens at 1280 and 390 px in the light and dark themes (screenshots)', themedScreens],
  ['in Arabic the layout mirrors (right to left): sidebar and chat list on the right, own messages on the left, no sideways scroll, at 1280 and 390 px', rtlMirrored],
  ['main screens in English, German and Arabic, light and dark, at 1280 and 390 px (screenshots)', languageScreens],
  ['unread messages count in the title, tab icon, navigation and chat row of two tabs; “New messages” and its jump button; reading clears both tabs', unreadEverywhere],
  ['a group invitation puts a live badge on Groups', invitationBadge],
  ['an email is confirmed from the mailed link', confirmEmailFromMail],
  ['a forgotten password is reset by mail; only the new one works', forgotPasswordByMail],
  ['a session logged out from another browser drops to the login page', revokeAnotherSession],
  ['account screens at phone width', phoneAccountScreens],
  ['two-step login: turned on with a computed code, then asked after the password', twoStepLogin],
  ['a passkey is added, logs in alone and as the second step, is renamed and removed', passkeyLogin],
  ['a data export is ready live and downloads as a zip', exportData],
  ['the API reference at /api/docs renders the served document, loading nothing from elsewhere', apiReference],
  ['a draft survives switching chats and a reload, and follows its writer to another browser', draftsFollow],
  ['Ctrl+K finds a friend and a group by a few letters; Enter opens the chat with the composer focused', quickSwitcher],
  ['Alt+↓ and Alt+↑ open the next and previous chat of the list', altArrowsMoveThroughChats],
  ['↑ in the empty composer edits the last message of one’s own', arrowUpEditsLast],
  ['? shows the keyboard shortcuts (not while typing); Escape closes them and gives the focus back', shortcutsHelp],
  ['Escape closes the pins and group panels and the focus goes back to the button that opened each', escapeClosesPanels],
  ['axe finds no serious or critical violation on the main screens (light and dark, desktop and phone)', axeSweep],
  ['notifications: a DM muted for an hour from the bell makes no sound, even for a mention; at “Mentions only” a mention chimes, and in a hidden tab shows a desktop notification', mutedChatStaysQuiet],
  ['notifications: the web app manifest passes Chromium’s installability check', installable],
  ['notifications: offline, the banner shows at once and a reload opens the app shell from the service worker; online again, it reconnects', offlineShell],
  ['notifications: a push delivered to the service worker shows a notification whose click lands in the chat', pushShowsAndOpens],
  ['notifications: the push switch says so when the browser’s push service cannot be reached, and stays off', pushSwitchSaysWhy],
  ['offline queue: three messages in two chats and a picture written offline survive a reload and arrive once each, in order, when back online', offlineQueue],
  ['site administration: an administrator made with `confab-api admin grant` disables a user, whose open browser drops to the login page saying so (again on logging in); enabled, the user logs in; the admin area fits 390 px', adminDisablesUser],
  ['moderation: the owner makes an invite link; signed out, it leads to the login and back; the preview shows the group, Join opens it; revoked, the link says so', inviteLinkJoin],
  ['moderation: a member reports a message; a moderator role sees it in the group’s queue, deletes the message and settles it as actioned; the reporter is told the outcome', reportAndSettle],
  ['moderation: slow mode shows its countdown after a send; a timed-out member gets a read-only notice until the timeout is ended; the audit log says it with the reason, by action; a custom emoji shows in a message and as a reaction', slowmodeTimeoutAuditEmoji],
]
const ok = await runStories(only ? stories.filter(([name]) => only.test(name)) : stories, ctx)
await browser.close()
process.exit(ok ? 0 : 1)
