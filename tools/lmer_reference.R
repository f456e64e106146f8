#!/usr/bin/env Rscript
# Generates reference data and lme4/lmerTest results for org.fmrs.stats tests.
#
# Usage (from the repository root):  Rscript tools/lmer_reference.R
# Needs: lme4, lmerTest (Debian: apt-get install r-cran-lmertest).
# Writes into common/src/test/resources/stats/:
#   <case>_data.csv     simulated data (fixed seed)
#   <case>_ref.csv      kind,name,estimate,se,df,t,p  (kind = coef | anova | var | info)
#                       anova rows: estimate = F, se = NumDF, df = DenDF, p = Pr(>F)
#                       var rows: estimate = variance; info rows: estimate = REML/ML criterion
#                       ci rows: estimate = lower, se = upper 95% t-based (Satterthwaite) bound
# The optimizer is run with very tight tolerances so that the references are accurate to
# more digits than the tests compare.
suppressMessages({library(lme4); library(lmerTest)})
out <- "common/src/test/resources/stats"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
ctrl <- lmerControl(optimizer = "nloptwrap",
                    optCtrl = list(xtol_abs = 1e-13, ftol_abs = 1e-15, xtol_rel = 1e-13,
                                   ftol_rel = 1e-15, maxeval = 100000),
                    calc.derivs = FALSE)

write_ref <- function(name, formula, data, REML = TRUE) {
  write.csv(data, file.path(out, paste0(name, "_data.csv")), row.names = FALSE, quote = FALSE)
  m <- lmer(formula, data = data, REML = REML, control = ctrl)
  s <- coef(summary(m))
  co <- data.frame(kind = "coef", name = rownames(s), estimate = s[, "Estimate"],
                   se = s[, "Std. Error"], df = s[, "df"], t = s[, "t value"],
                   p = s[, "Pr(>|t|)"])
  a <- anova(m, type = 3)
  an <- data.frame(kind = "anova", name = rownames(a), estimate = a[, "F value"],
                   se = a[, "NumDF"], df = a[, "DenDF"], t = NA, p = a[, "Pr(>F)"])
  vc <- as.data.frame(VarCorr(m))
  va <- data.frame(kind = "var", name = vc$grp, estimate = vc$vcov, se = NA, df = NA,
                   t = NA, p = NA)
  info <- data.frame(kind = "info", name = if (REML) "REML" else "ML",
                     estimate = if (REML) REMLcrit(m) else deviance(m), se = NA,
                     df = NA, t = NA, p = NA)
  ci <- contest(m, diag(length(fixef(m))), confint = TRUE, joint = FALSE)
  cis <- data.frame(kind = "ci", name = names(fixef(m)), estimate = ci$lower, se = ci$upper,
                    df = NA, t = NA, p = NA)
  ref <- rbind(co, an, va, info, cis)
  write.csv(ref, file.path(out, paste0(name, "_ref.csv")), row.names = FALSE, quote = TRUE)
  print(summary(m)); print(a)
}

# lme4's sleepstudy (public domain, Belenky et al. 2003)
ss <- lme4::sleepstudy
write_ref("sleepstudy", Reaction ~ Days + (1 | Subject), ss)

# Simulated crossover: naltrexone vs placebo before ketamine, AB/BA sequences,
# 3 phases x 2 blocks per session.
set.seed(20241126)
sim_crossover <- function(n = 24) {
  rows <- list()
  for (i in seq_len(n)) {
    seq_ab <- i %% 2 == 0
    u <- rnorm(1, 0, 0.6)
    sex <- if (i %% 3 == 0) "F" else "M"
    for (period in 1:2) {
      cond <- if ((period == 1) == seq_ab) "naltrexone" else "placebo"
      for (phase in c("baseline", "infusion", "post")) {
        for (block in 1:2) {
          mu <- 10 + 0.3 * (cond == "placebo") + 0.5 * (phase == "infusion") +
            0.2 * (phase == "post") + 0.4 * (cond == "placebo") * (phase == "infusion") +
            0.15 * (period == 2) + 0.3 * (sex == "F") +
            0.25 * (sex == "F") * (cond == "placebo") * (phase == "infusion")
          rows[[length(rows) + 1]] <- data.frame(
            participant = sprintf("P%02d", i), sex = sex, condition = cond, phase = phase,
            period = paste0("period", period), block = block, value = mu + u + rnorm(1, 0, 0.8))
        }
      }
    }
  }
  do.call(rbind, rows)
}
d <- sim_crossover()
write_ref("crossover_balanced", value ~ condition * phase + period + (1 | participant), d)
du <- d[-sample(nrow(d), 40), ]
du <- du[!(du$participant == "P03" & du$period == "period2"), ]
write_ref("crossover_unbalanced", value ~ condition * phase + period + (1 | participant), du)
write_ref("crossover_threeway", value ~ sex * condition * phase + period + (1 | participant), du)
write_ref("crossover_ml", value ~ condition * phase + period + (1 | participant), du, REML = FALSE)

# MADRS: 26 participants x 2 sessions x 2 times
rows <- list()
for (i in 1:26) {
  u <- rnorm(1, 0, 5)
  seq_ab <- i %% 2 == 0
  for (period in 1:2) {
    cond <- if ((period == 1) == seq_ab) "naltrexone" else "placebo"
    for (time in c("t0_baseline", "t1_day1")) {
      mu <- 28 - 8 * (time == "t1_day1") + 3 * (cond == "naltrexone") * (time == "t1_day1") +
        1 * (period == 2)
      rows[[length(rows) + 1]] <- data.frame(participant = sprintf("M%02d", i), condition = cond,
        time = time, period = paste0("period", period), madrs = round(mu + u + rnorm(1, 0, 4)))
    }
  }
}
madrs <- do.call(rbind, rows)
write_ref("madrs", madrs ~ condition * time + period + (1 | participant), madrs)

# Nested: 4 sites, participants within sites (participant labels reused across sites)
rows <- list()
for (s in 1:4) {
  us <- rnorm(1, 0, 0.7)
  for (i in 1:(5 + s)) {
    u <- rnorm(1, 0, 0.5)
    for (cond in c("naltrexone", "placebo")) {
      for (phase in c("baseline", "infusion")) {
        rows[[length(rows) + 1]] <- data.frame(site = paste0("S", s), participant = sprintf("P%d", i),
          condition = cond, phase = phase,
          value = 5 + 0.4 * (cond == "placebo") + 0.3 * (phase == "infusion") + us + u + rnorm(1, 0, 0.6))
      }
    }
  }
}
nested <- do.call(rbind, rows)
write_ref("nested", value ~ condition * phase + (1 | site/participant), nested)

# Numeric covariate interacting with a factor (block as a number), unbalanced data
write_ref("crossover_covariate", value ~ condition * block + phase + period + (1 | participant), du)

# Two random intercepts: participant and session (participant x period), unbalanced data
write_ref("crossover_session", value ~ condition * phase + period + (1 | participant) + (1 | participant:period), du)

# Single term (lmerTest then uses type I contrasts for anova(type = 3))
write_ref("single_term", value ~ phase + (1 | participant), du)
