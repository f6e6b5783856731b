import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router'

import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'
import { adminRoute } from './admin'
import AppShell from '@/views/AppShell.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users (inherited by child routes). */
    requiresAuth?: boolean
    /** Only for signed-out users (login, sign-up). */
    guestOnly?: boolean
    /** The key (layout.pageTitle.*) of the words shown in the tab title. */
    title?: string
    /** On a phone, the page takes the whole height: no bottom navigation (a chat). */
    fullHeightOnPhone?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/LoginView.vue'),
    meta: { guestOnly: true, title: 'layout.pageTitle.login' },
  },
  {
    path: '/signup',
    name: 'signup',
    component: () => import('@/views/SignupView.vue'),
    meta: { guestOnly: true, title: 'layout.pageTitle.signup' },
  },
  // Where emailed links and the login page's "Forgot password?" lead: they
  // work signed in or out (a link may be opened in a browser already signed in).
  {
    path: '/verify-email',
    name: 'verify-email',
    component: () => import('@/views/VerifyEmailView.vue'),
    meta: { title: 'layout.pageTitle.verifyEmail' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('@/views/ForgotPasswordView.vue'),
    meta: { title: 'layout.pageTitle.forgotPassword' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('@/views/ResetPasswordView.vue'),
    meta: { title: 'layout.pageTitle.resetPassword' },
  },
  {
    path: '/recover',
    name: 'recover',
    component: () => import('@/views/RecoverView.vue'),
    meta: { title: 'layout.pageTitle.recover' },
  },
  {
    path: '/',
    component: AppShell,
    meta: { requiresAuth: true },
    children: [
      { path: '', name: 'home', redirect: { name: 'chats' } },
      {
        // The conversation list beside the open chat (one at a time on a phone).
        path: 'chats',
        component: () => import('@/views/ChatsView.vue'),
        children: [
          {
            path: '',
            name: 'chats',
            component: () => import('@/views/NoChatView.vue'),
            meta: { title: 'layout.pageTitle.chats' },
          },
          {
            path: ':id',
            name: 'chat',
            component: () => import('@/views/ConversationView.vue'),
            props: true,
            meta: { title: 'layout.pageTitle.chat', fullHeightOnPhone: true },
          },
        ],
      },
      {
        path: 'friends',
        name: 'friends',
        component: () => import('@/views/FriendsView.vue'),
        meta: { title: 'layout.pageTitle.friends' },
      },
      {
        path: 'groups',
        name: 'groups',
        component: () => import('@/views/GroupsView.vue'),
        meta: { title: 'layout.pageTitle.groups' },
      },
      {
        path: 'groups/new',
        name: 'group-new',
        component: () => import('@/views/CreateGroupView.vue'),
        meta: { title: 'layout.pageTitle.newGroup' },
      },
      {
        // Where an invite link leads (`url` of an invite link): signed out, the login comes first and returns here.
        path: 'invite/:code',
        name: 'invite-link',
        component: () => import('@/views/InviteLinkView.vue'),
        props: true,
        meta: { title: 'layout.pageTitle.invite' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/NotificationsView.vue'),
        meta: { title: 'layout.pageTitle.notifications' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('@/views/SettingsView.vue'),
        meta: { title: 'layout.pageTitle.settings' },
      },
      {
        path: 'settings/security',
        name: 'settings-security',
        component: () => import('@/views/SecurityView.vue'),
        meta: { title: 'layout.pageTitle.security' },
      },
      // Site administrators only (others see the page not found).
      adminRoute,
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { title: 'layout.pageTitle.notFound' },
  },
]

/**
 * A `?redirect=` target we are willing to follow: a path on this origin only
 * (no `//evil.example`, no absolute URLs).
 */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  return value
}

export function loginRoute(redirectTo?: string): RouteLocationRaw {
  const redirect = redirectTo && redirectTo !== '/' ? safeRedirect(redirectTo) : null
  return { name: 'login', query: redirect ? { redirect } : {} }
}

/**
 * The tab title of a page, in the language shown: "Chats · Confab", or
 * "Confab" (App writes it again when the language changes).
 */
export function pageTitle(route: Pick<RouteLocationNormalized, 'meta'>): string {
  const key = route.meta.title
  return key ? `${i18n.global.t(key)} · Confab` : 'Confab'
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    await auth.init()
    if (to.matched.some((r) => r.meta.requiresAuth) && !auth.isAuthenticated) {
      return loginRoute(to.fullPath)
    }
    if (to.meta.guestOnly && auth.isAuthenticated) {
      return safeRedirect(to.query.redirect) ?? { name: 'chats' }
    }
    return true
  })

  router.afterEach((to) => {
    if (typeof document !== 'undefined') document.title = pageTitle(to)
  })

  return router
}
