import { I18nProvider } from "@lingui/react";
import { RouterProvider as AriaRouterProvider } from "react-aria-components";
import { BrowserRouter, Route, Routes, useHref, useNavigate, type NavigateOptions } from "react-router";

import { lazy } from "react";

import { SignInPage } from "../auth/SignInPage";
import { i18n } from "./i18n";
import { Layout } from "./Layout";
import { NotFoundPage } from "./NotFoundPage";
import { RequireSignIn } from "./RequireSignIn";
import { SessionProvider } from "./session";

/** A page loaded when first visited: the first page needs only its own code. */
function page<Name extends string>(
  load: () => Promise<Record<Name, () => React.ReactNode>>,
  name: Name,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const RegisterPage = page(() => import("../auth/RegisterPage"), "RegisterPage");
const VerifyEmailPage = page(() => import("../auth/VerifyEmailPage"), "VerifyEmailPage");
const ForgotPasswordPage = page(() => import("../auth/PasswordPages"), "ForgotPasswordPage");
const ResetPasswordPage = page(() => import("../auth/PasswordPages"), "ResetPasswordPage");
const JamsPage = page(() => import("../participant/jam/JamsPage"), "JamsPage");
const JamHomePage = page(() => import("../participant/jam/JamHomePage"), "JamHomePage");
const ForumPage = page(() => import("../participant/forum/ForumPage"), "ForumPage");
const PostIdeaPage = page(() => import("../participant/forum/PostIdeaPage"), "PostIdeaPage");
const IdeaPage = page(() => import("../participant/idea/IdeaPage"), "IdeaPage");
const MergePage = page(() => import("../participant/merge/MergePage"), "MergePage");
const ThemesPage = page(() => import("../themes/ThemesPage"), "ThemesPage");
const ModerationPage = page(() => import("../moderation/ModerationPage"), "ModerationPage");
const StrategyPage = page(() => import("../strategy/StrategyPage"), "StrategyPage");
const ProfilePage = page(() => import("../profile/ProfilePage"), "ProfilePage");
const NotificationsPage = page(
  () => import("../notifications/NotificationsPage"),
  "NotificationsPage",
);

declare module "react-aria-components" {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

/** React Aria's links navigate with the router (no full page loads). */
function AriaRouter({ children }: { children: React.ReactNode }) {
  const navigate = useNavigate();
  return (
    <AriaRouterProvider navigate={(to, options) => navigate(to, options)} useHref={useHref}>
      {children}
    </AriaRouterProvider>
  );
}

const member = (page: React.ReactNode) => <RequireSignIn>{page}</RequireSignIn>;

export function App() {
  return (
    <I18nProvider i18n={i18n}>
      <BrowserRouter>
        <AriaRouter>
          <SessionProvider>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={member(<JamsPage />)} />
                <Route path="sign-in" element={<SignInPage />} />
                <Route path="register" element={<RegisterPage />} />
                <Route path="verify-email" element={<VerifyEmailPage />} />
                <Route path="forgot-password" element={<ForgotPasswordPage />} />
                <Route path="reset-password" element={<ResetPasswordPage />} />
                <Route path="jams/:slug" element={member(<JamHomePage />)} />
                <Route path="jams/:slug/forums/:forumId" element={member(<ForumPage />)} />
                <Route path="jams/:slug/ideas/:ideaId" element={member(<IdeaPage />)} />
                <Route path="jams/:slug/post" element={member(<PostIdeaPage />)} />
                <Route path="jams/:slug/merges/:mergeId" element={member(<MergePage />)} />
                <Route path="jams/:slug/themes" element={member(<ThemesPage />)} />
                <Route path="jams/:slug/moderate/*" element={member(<ModerationPage />)} />
                <Route path="jams/:slug/strategy/*" element={member(<StrategyPage />)} />
                <Route path="notifications" element={member(<NotificationsPage />)} />
                <Route path="profile" element={member(<ProfilePage />)} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </SessionProvider>
        </AriaRouter>
      </BrowserRouter>
    </I18nProvider>
  );
}
