#!/usr/bin/env Rscript
# Reference numbers for org.fmrs.stats.effect tests (printed; copied into the test source).
# Paired data: sleepstudy reaction times at day 0 (x) and day 9 (y), 18 subjects.
ss <- lme4::sleepstudy
x <- ss$Reaction[ss$Days == 0]; y <- ss$Reaction[ss$Days == 9]
d <- y - x; n <- length(d); level <- 0.95
dz <- mean(d) / sd(d)
tobs <- mean(d) / (sd(d) / sqrt(n))
ncp_ci <- function(t, df, level) {
  a <- (1 - level) / 2
  lo <- uniroot(function(ncp) pt(t, df, ncp) - (1 - a), c(-50, 50), tol = 1e-13)$root
  hi <- uniroot(function(ncp) pt(t, df, ncp) - a, c(-50, 50), tol = 1e-13)$root
  c(lo, hi)
}
ci_dz <- ncp_ci(tobs, n - 1, level) / sqrt(n)
sav <- (sd(x) + sd(y)) / 2
dav <- mean(d) / sav
ci_dav <- ci_dz * sd(d) / sav
J <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
gav <- dav * J(n - 1)
cat(sprintf("dz %.12f [%.12f, %.12f]\n", dz, ci_dz[1], ci_dz[2]))
cat(sprintf("dav %.12f [%.12f, %.12f]\n", dav, ci_dav[1], ci_dav[2]))
cat(sprintf("gav %.12f [%.12f, %.12f] J %.12f\n", gav, ci_dav[1] * J(n - 1), ci_dav[2] * J(n - 1), J(n - 1)))
# Wilson score interval
for (k in list(c(7, 26), c(0, 10), c(10, 10))) {
  ci <- prop.test(k[1], k[2], correct = FALSE)$conf.int
  cat(sprintf("wilson %d/%d [%.12f, %.12f]\n", k[1], k[2], ci[1], ci[2]))
}
# McNemar: discordant pairs b = 9 (yes->no), c = 2 (no->yes); concordant 10 and 5
tab <- matrix(c(10, 2, 9, 5), 2, 2)
cat(sprintf("mcnemar exact p %.12f\n", binom.test(9, 11, 0.5)$p.value))
cat(sprintf("mcnemar chisq corrected %.12f p %.12f\n", mcnemar.test(tab)$statistic, mcnemar.test(tab)$p.value))
cat(sprintf("mcnemar chisq %.12f p %.12f\n", mcnemar.test(tab, correct = FALSE)$statistic,
            mcnemar.test(tab, correct = FALSE)$p.value))
cat("x <- c(", paste(x, collapse = ", "), ")\n")
cat("y <- c(", paste(y, collapse = ", "), ")\n")
