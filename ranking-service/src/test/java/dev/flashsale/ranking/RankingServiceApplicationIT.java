package dev.flashsale.ranking;

import dev.flashsale.testkit.ReadinessContract;

@RankingIntegrationTest
class RankingServiceApplicationIT extends ReadinessContract {
}
