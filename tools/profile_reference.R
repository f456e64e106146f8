#!/usr/bin/env Rscript
# Profile-likelihood confidence intervals (lme4 confint(method = "profile")) for
# org.fmrs.stats.ProfileConfintTest. lme4 profiles the ML deviance (it refits a REML model by ML).
#
# Usage (from the repository root):  Rscript tools/profile_reference.R
# Reads the <case>_data.csv written by tools/lmer_reference.R, writes <case>_profile.csv:
#   name,lower,upper
# name: ".sig01".. (random-intercept SDs, lme4 order), ".sigma", then fixed-effect names.
# lower/upper: lme4's confint (spline interpolation of the profile; about 1e-4 relative).
suppressMessages(library(lme4))
out <- "common/src/test/resources/stats"
ctrl <- lmerControl(optimizer = "nloptwrap",
                    optCtrl = list(xtol_abs = 1e-13, ftol_abs = 1e-15, xtol_rel = 1e-13,
                                   ftol_rel = 1e-15, maxeval = 100000),
                    calc.derivs = FALSE)
write_profile <- function(name, formula) {
  d <- read.csv(file.path(out, paste0(name, "_data.csv")))
  for (v in names(d)) if (is.character(d[[v]])) d[[v]] <- factor(d[[v]])
  if ("Subject" %in% names(d)) d$Subject <- factor(d$Subject)
  m <- lmer(formula, data = d, REML = TRUE, control = ctrl)
  pr <- profile(m, signames = TRUE)
  ci <- confint(pr, level = 0.95)
  ref <- data.frame(name = rownames(ci), lower = ci[, 1], upper = ci[, 2])
  write.csv(ref, file.path(out, paste0(name, "_profile.csv")), row.names = FALSE, quote = TRUE)
  print(ref, digits = 10)
}
write_profile("sleepstudy", Reaction ~ Days + (1 | Subject))
write_profile("crossover_balanced", value ~ condition * phase + period + (1 | participant))
write_profile("nested", value ~ condition * phase + (1 | site/participant))
