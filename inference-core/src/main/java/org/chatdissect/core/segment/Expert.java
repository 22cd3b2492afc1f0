package org.chatdissect.core.segment;

/** One voter of Voting Experts: picks the split in a window that its own statistic likes best. */
interface Expert {
    /**
     * @return the split offset k in [1, width-1] (a boundary before byte start+k), or -1 to abstain
     */
    int vote(NgramIndex index, int start, int width);
}
